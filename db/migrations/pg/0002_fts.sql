-- Full-text search for the 以案释法 knowledge base and imported statutes (the PostgreSQL twin of
-- db/migrations/0002_kb_fts.sql). search_text already holds jieba cutForSearch tokens joined by spaces
-- (nlp/retrieval/segment.ts toSearchText, written by the repositories), which is what SQLite's FTS5 unicode61
-- index reads; here the 'simple' configuration (lower-case, no stemming, no stop words) splits the same text
-- on the spaces, so both backends index the same words. Raw Chinese would be one token per run of characters.
-- The tsvector is a stored generated column, kept in step by PostgreSQL itself (SQLite needs triggers); it is
-- not declared in db/schema/pg so the row types stay those of SQLite. Query it with db/pg/fts.ts.
ALTER TABLE "kb_articles"
  ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "search_text")) STORED;
--> statement-breakpoint
CREATE INDEX "kb_articles_search_vector" ON "kb_articles" USING gin ("search_vector");
--> statement-breakpoint
ALTER TABLE "statute_articles"
  ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "search_text")) STORED;
--> statement-breakpoint
CREATE INDEX "statute_articles_search_vector" ON "statute_articles" USING gin ("search_vector");

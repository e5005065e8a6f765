-- Full-text indexes for the 以案释法 knowledge base and imported statutes.
-- search_text holds jieba cutForSearch tokens joined by spaces, so unicode61 sees Chinese words (离婚, 工资)
-- as tokens; plain unicode61 over raw Chinese would treat a whole run of characters as one token.
-- External-content tables: the text lives once, in the base table; triggers keep the index in step.
CREATE VIRTUAL TABLE `kb_articles_fts` USING fts5(search_text, content='kb_articles', content_rowid='id', tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_ai` AFTER INSERT ON `kb_articles` BEGIN
  INSERT INTO kb_articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_ad` AFTER DELETE ON `kb_articles` BEGIN
  INSERT INTO kb_articles_fts(kb_articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_au` AFTER UPDATE OF search_text ON `kb_articles` BEGIN
  INSERT INTO kb_articles_fts(kb_articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO kb_articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
INSERT INTO kb_articles_fts(kb_articles_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `statute_articles_fts` USING fts5(search_text, content='statute_articles', content_rowid='id', tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `statute_articles_fts_ai` AFTER INSERT ON `statute_articles` BEGIN
  INSERT INTO statute_articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `statute_articles_fts_ad` AFTER DELETE ON `statute_articles` BEGIN
  INSERT INTO statute_articles_fts(statute_articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `statute_articles_fts_au` AFTER UPDATE OF search_text ON `statute_articles` BEGIN
  INSERT INTO statute_articles_fts(statute_articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO statute_articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
INSERT INTO statute_articles_fts(statute_articles_fts) VALUES ('rebuild');

-- Who wrote a live message in a topic, kept as a small table instead of the messages index of
-- 0008 (topic_id, author_id, deleted). That index took a fifth b-tree insert on every message;
-- this table takes one lookup that finds the row already there, except for a person's first
-- message in the topic. message.send's reply notifications read it per team member, as they read
-- the index. Kept by the store (chat/messages.cpp): a send adds its author; deleting a person's
-- last live message in a topic, merging and moving topics bring it back in step.
CREATE TABLE topic_authors (
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (topic_id, user_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO topic_authors (topic_id, user_id)
  SELECT DISTINCT topic_id, author_id FROM messages WHERE deleted = 0;

DROP INDEX messages_topic_author;

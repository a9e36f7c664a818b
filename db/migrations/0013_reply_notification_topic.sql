-- Reply notifications carry their topic. message.send asks, for each other author of the topic,
-- whether that person already has an unread reply notification for it (0010); that was a walk
-- over every unread reply notification of the person, each with a lookup of its message to
-- compare topics: a cost that grew with each member's unread notifications, paid on every
-- message, and the largest part of message.send's own work in the chat benchmark (13 % of the
-- server's samples at fan-out 100, more than storing the message). Now it is one seek.
--
-- No foreign key: the column is a coalescing key, never shown (a notification's topic is read
-- through its message), and a key would need an index for every topic delete. The store keeps it
-- in step when a topic is merged into another or moved to another channel (chat/messages.cpp).
ALTER TABLE notifications ADD COLUMN topic_id INTEGER;

UPDATE notifications SET topic_id = (SELECT m.topic_id FROM messages m WHERE m.id = notifications.message_id)
  WHERE kind = 'reply';

DROP INDEX notifications_unread_reply;
CREATE INDEX notifications_unread_reply ON notifications(user_id, topic_id) WHERE kind = 'reply' AND read_at IS NULL;
-- For the merges and moves that rewrite topic_id: rare, but without it each would read the table.
CREATE INDEX notifications_reply_topic ON notifications(topic_id) WHERE kind = 'reply';

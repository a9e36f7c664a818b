-- Who wrote in a topic, without reading the topic: the reply notifications of message.send ask,
-- per team member, whether they wrote a live message in the topic (an index seek each), where a
-- scan of the topic's messages made every send cost in proportion to the topic's length.
CREATE INDEX messages_topic_author ON messages(topic_id, author_id, deleted);

-- Reply notifications are coalesced: while a person has an unread `reply` notification for a
-- topic, further replies in that topic add no other (the topic's unread count shows them). The
-- check in message.send is one seek per team member in this index: the person's unread reply
-- notifications, usually none or a few.
CREATE INDEX notifications_unread_reply ON notifications(user_id, message_id) WHERE kind = 'reply' AND read_at IS NULL;

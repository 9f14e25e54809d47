"""Comments on sections: threads, replies, reports and moderation."""

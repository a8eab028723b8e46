"""Mail sources: files, folders, mbox, Maildir and IMAP, each yielding raw RFC 5322 messages."""

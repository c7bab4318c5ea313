"""Sources: each module turns a kind of input into RawDocuments (or paths a flow can pass around)."""

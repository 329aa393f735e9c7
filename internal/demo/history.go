package demo

import "context"

func (l *loader) loadHistory(ctx context.Context, n int) error { return nil }

func (l *loader) loadContacts(ctx context.Context, n int) error { return nil }

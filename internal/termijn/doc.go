// Package termijn computes Dutch legal terms and working days. It is pure:
// no clock, no I/O (except LoadOperational, which reads the municipality's
// calendar overrides).
package termijn

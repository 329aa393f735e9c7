package db

import (
	"strconv"
	"strings"
)

// Where builds the WHERE clause of a list query from optional filters: the
// AND-ed conditions and their $n arguments, numbered in the order added.
type Where struct {
	conds []string
	args  []any
}

// Arg adds v to the arguments and returns its placeholder, e.g. "$3".
func (w *Where) Arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// And adds a condition; its placeholders come from Arg.
func (w *Where) And(cond string) { w.conds = append(w.conds, cond) }

// Eq adds "col = $n" unless v is empty (an empty filter field does not filter).
func (w *Where) Eq(col, v string) {
	if v != "" {
		w.And(col + " = " + w.Arg(v))
	}
}

// String is " WHERE c1 AND c2 ...", or "" without conditions.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Args are the arguments for the placeholders handed out so far.
func (w *Where) Args() []any { return w.args }

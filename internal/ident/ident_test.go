package ident_test

import (
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

func fieldCode(t *testing.T, err error) (field, code, reason string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid || len(e.Fields) != 1 {
		t.Fatalf("want one invalid field error, got %#v", err)
	}
	return e.Fields[0].Field, e.Fields[0].Code, e.Fields[0].Reason
}

func TestBSN(t *testing.T) {
	valid := []string{"123456782", "999993653", "111222333", "012345672"}
	for _, s := range valid {
		if err := ident.BSN(s); err != nil {
			t.Errorf("BSN(%q): %v", s, err)
		}
		if err := ident.RSIN(s); err != nil {
			t.Errorf("RSIN(%q): %v", s, err)
		}
	}
	tests := []struct{ in, code string }{
		{"", ident.CodeFormat},
		{"12345678", ident.CodeFormat},   // 8 digits: needs the leading 0
		{"1234567820", ident.CodeFormat}, // 10 digits
		{"12345678a", ident.CodeFormat},
		{" 123456782", ident.CodeFormat},
		{"123 456 782", ident.CodeFormat},
		{"-23456782", ident.CodeFormat},
		{"123456781", ident.CodeChecksum},
		{"123456783", ident.CodeChecksum},
		{"000000000", ident.CodeChecksum}, // passes the arithmetic, is no BSN
		{"123456789", ident.CodeChecksum}, // valid with the +1 weight, not with −1
		{"999993654", ident.CodeChecksum},
		{"213456782", ident.CodeChecksum}, // two digits swapped
	}
	for _, tt := range tests {
		err := ident.BSN(tt.in)
		if err == nil {
			t.Errorf("BSN(%q): no error", tt.in)
			continue
		}
		field, code, reason := fieldCode(t, err)
		if field != "inpBsn" || code != tt.code || !strings.Contains(reason, "BSN") {
			t.Errorf("BSN(%q) = %s/%s %q, want inpBsn/%s", tt.in, field, code, reason, tt.code)
		}
		err = ident.RSIN(tt.in)
		if err == nil {
			t.Errorf("RSIN(%q): no error", tt.in)
			continue
		}
		if field, code, reason := fieldCode(t, err); field != "innNnpId" || code != tt.code || !strings.Contains(reason, "RSIN") {
			t.Errorf("RSIN(%q) = %s/%s %q, want innNnpId/%s", tt.in, field, code, reason, tt.code)
		}
	}
}

func TestKvKAndVestiging(t *testing.T) {
	kvk := map[string]bool{"12345678": true, "00000001": true, "1234567": false, "123456789": false, "1234567a": false, "": false}
	for s, ok := range kvk {
		if err := ident.KvK(s); (err == nil) != ok {
			t.Errorf("KvK(%q) = %v, want ok=%v", s, err, ok)
		} else if err != nil {
			if f, c, _ := fieldCode(t, err); f != "kvkNummer" || c != ident.CodeFormat {
				t.Errorf("KvK(%q): %s/%s", s, f, c)
			}
		}
	}
	vest := map[string]bool{"000012345678": true, "123456789012": true, "12345678901": false, "1234567890123": false, "12345678901x": false}
	for s, ok := range vest {
		if err := ident.Vestigingsnummer(s); (err == nil) != ok {
			t.Errorf("Vestigingsnummer(%q) = %v, want ok=%v", s, err, ok)
		} else if err != nil {
			if f, c, _ := fieldCode(t, err); f != "vestigingsNummer" || c != ident.CodeFormat {
				t.Errorf("Vestigingsnummer(%q): %s/%s", s, f, c)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	var f errs.Fields
	if !ident.Check(&f, "initiator.bsn", ident.BSN("123456782")) || !f.Empty() {
		t.Fatal("valid BSN reported")
	}
	if ident.Check(&f, "initiator.bsn", ident.BSN("123456781")) {
		t.Fatal("invalid BSN accepted")
	}
	ident.Check(&f, "kvk", ident.KvK("1"))
	e := errs.As(f.Err())
	if e == nil || len(e.Fields) != 2 || e.Fields[0].Field != "initiator.bsn" || e.Fields[0].Code != ident.CodeChecksum ||
		e.Fields[1].Field != "kvk" || e.Fields[1].Code != ident.CodeFormat {
		t.Fatalf("fields: %#v", f.Err())
	}
}

func TestTestNumbers(t *testing.T) {
	bsns := ident.TestBSNs(2000) // more than fit in 99999xxxx: exercises the second range
	rsins := ident.TestRSINs(50)
	seen := map[string]bool{}
	for _, s := range bsns {
		if err := ident.BSN(s); err != nil || s[0] != '9' {
			t.Fatalf("test BSN %s: %v", s, err)
		}
		if seen[s] {
			t.Fatalf("duplicate %s", s)
		}
		seen[s] = true
	}
	for _, s := range rsins {
		if err := ident.RSIN(s); err != nil || s[0] != '8' || seen[s] {
			t.Fatalf("test RSIN %s: %v (dup %v)", s, err, seen[s])
		}
		seen[s] = true
	}
	if again := ident.TestBSNs(3); again[0] != bsns[0] || again[2] != bsns[2] || len(again) != 3 {
		t.Errorf("not deterministic: %v vs %v", again, bsns[:3])
	}
	if bsns[0] != "999990007" || !seen["999993653"] {
		t.Errorf("first test BSN = %s, want 999990007; 999993653 included: %v", bsns[0], seen["999993653"])
	}
	if len(ident.TestBSNs(0)) != 0 {
		t.Error("TestBSNs(0) not empty")
	}
}

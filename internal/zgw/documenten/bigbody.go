package documenten

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// The Documenten API requires servers to take request bodies of at least
// 4 GiB on the endpoints with a base64 inhoud. A body that large is spooled
// to a temporary file and read without holding the content in memory: the
// other fields are small, the inhoud streams from the file through a base64
// decoder into the document store.

// SpoolAbove is the largest body read into memory the ordinary way; larger
// ones (or ones of unknown length) are spooled to a temporary file.
var SpoolAbove int64 = 32 << 20

// MaxBody is the largest request body for creating or updating a document
// with a base64 inhoud: 4 GiB of file in base64 plus the metadata.
var MaxBody int64 = (4<<30)/3*4 + 1<<20

// maxMetadata bounds the fields other than inhoud in a spooled body.
const maxMetadata = 1 << 20

// eioBody reads the body of an EIO create or update. content is the decoded
// inhoud of a spooled body (nil otherwise: then the inhoud, if any, is in b);
// done removes the spool file and must be called when the request is over.
func (a *api) eioBody(r *http.Request) (b *body, content io.Reader, done func(), err error) {
	done = func() {}
	if r.ContentLength >= 0 && r.ContentLength <= SpoolAbove {
		b, err = readBody(r)
		return b, nil, done, err
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, nil, done, &zgw.HTTPError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Detail: fmt.Sprintf("Niet ondersteund mediatype \"%s\" in verzoek.", ct)}
		}
	}
	f, err := os.CreateTemp("", "eio-body-*")
	if err != nil {
		return nil, nil, done, fmt.Errorf("documenten: spool body: %w", err)
	}
	done = func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(f, io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, nil, done, errs.InvalidField("inhoud", "upload-incomplete", "Het verzoek is niet volledig ontvangen; probeer het opnieuw.")
	}
	if n > MaxBody {
		return nil, nil, done, &zgw.HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "request_too_large",
			Detail: "Het verzoek is te groot; stuur grote bestanden in bestandsdelen."}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, done, fmt.Errorf("documenten: spool body: %w", err)
	}
	top, err := scanTop(bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		reason := "JSON parse error - " + err.Error()
		return nil, nil, done, &zgw.HTTPError{Status: http.StatusBadRequest, Code: "parse_error", Detail: reason,
			Invalid: []zgw.InvalidParam{{Name: "nonFieldErrors", Code: "parse_error", Reason: reason}}}
	}
	b = &body{M: top.fields}
	if top.inhoudLen > 0 {
		content = &base64Reader{r: base64.NewDecoder(base64.StdEncoding,
			&unescapeReader{r: bufio.NewReader(io.NewSectionReader(f, top.inhoudOff, top.inhoudLen))})}
	}
	return b, content, done, nil
}

// topObject is a scanned top-level JSON object: every field but inhoud as
// raw JSON, and where the inhoud string's characters lie in the input.
type topObject struct {
	fields               map[string]json.RawMessage
	inhoudOff, inhoudLen int64
}

type scanner struct {
	r    *bufio.Reader
	pos  int64
	meta int
}

func (s *scanner) next() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil {
		s.pos++
	}
	return c, err
}

func (s *scanner) skipSpace() (byte, error) {
	for {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
	}
}

var errSyntax = errors.New("ongeldige JSON")

func scanTop(r *bufio.Reader) (*topObject, error) {
	s := &scanner{r: r}
	out := &topObject{fields: map[string]json.RawMessage{}}
	c, err := s.skipSpace()
	if err != nil || c != '{' {
		return nil, errSyntax
	}
	for first := true; ; first = false {
		c, err = s.skipSpace()
		if err != nil {
			return nil, errSyntax
		}
		if c == '}' && first {
			break
		}
		if c != '"' {
			return nil, errSyntax
		}
		rawKey, err := s.str(true)
		if err != nil {
			return nil, err
		}
		var key string
		if err := json.Unmarshal(rawKey, &key); err != nil {
			return nil, errSyntax
		}
		if c, err = s.skipSpace(); err != nil || c != ':' {
			return nil, errSyntax
		}
		if c, err = s.skipSpace(); err != nil {
			return nil, errSyntax
		}
		if key == "inhoud" && c == '"' {
			out.inhoudOff = s.pos
			if _, err := s.str(false); err != nil {
				return nil, err
			}
			out.inhoudLen = s.pos - 1 - out.inhoudOff
		} else {
			raw, err := s.value(c)
			if err != nil {
				return nil, err
			}
			out.fields[key] = raw
		}
		if c, err = s.skipSpace(); err != nil {
			return nil, errSyntax
		}
		if c == '}' {
			break
		}
		if c != ',' {
			return nil, errSyntax
		}
	}
	if _, err := s.skipSpace(); err != io.EOF {
		return nil, errors.New("na het JSON-object staat nog meer inhoud")
	}
	return out, nil
}

// str reads the rest of a string whose opening quote was read; with keep
// it returns the string as raw JSON (quotes included).
func (s *scanner) str(keep bool) ([]byte, error) {
	var buf []byte
	if keep {
		buf = append(buf, '"')
	}
	for {
		c, err := s.next()
		if err != nil {
			return nil, errSyntax
		}
		if keep {
			if s.meta++; s.meta > maxMetadata {
				return nil, errors.New("de gegevens naast de inhoud zijn te groot")
			}
			buf = append(buf, c)
		}
		switch c {
		case '"':
			return buf, nil
		case '\\':
			e, err := s.next()
			if err != nil {
				return nil, errSyntax
			}
			if keep {
				buf = append(buf, e)
			}
		}
	}
}

// value reads a JSON value that starts with c, as raw JSON.
func (s *scanner) value(c byte) (json.RawMessage, error) {
	switch c {
	case '"':
		return s.str(true)
	case '{', '[':
		buf := []byte{c}
		depth := 1
		for depth > 0 {
			c, err := s.next()
			if err != nil {
				return nil, errSyntax
			}
			if c == '"' {
				sb, err := s.str(true)
				if err != nil {
					return nil, err
				}
				buf = append(buf, sb...)
				continue
			}
			if s.meta++; s.meta > maxMetadata {
				return nil, errors.New("de gegevens naast de inhoud zijn te groot")
			}
			buf = append(buf, c)
			switch c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		if !json.Valid(buf) {
			return nil, errSyntax
		}
		return buf, nil
	default:
		buf := []byte{c}
		for {
			b, err := s.r.Peek(1)
			if err != nil || strings.IndexByte(",}] \t\r\n", b[0]) >= 0 {
				break
			}
			c, _ := s.next()
			buf = append(buf, c)
			if len(buf) > 64 {
				return nil, errSyntax
			}
		}
		if !json.Valid(buf) {
			return nil, errSyntax
		}
		return buf, nil
	}
}

// unescapeReader undoes the JSON escapes that can occur in a base64
// string: "\/" is "/", and escaped line breaks are dropped (the base64
// decoder skips raw ones).
type unescapeReader struct {
	r *bufio.Reader
}

func (u *unescapeReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c, err := u.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c == '\\' {
			e, err := u.r.ReadByte()
			if err != nil {
				return n, io.ErrUnexpectedEOF
			}
			switch e {
			case '/':
				c = '/'
			case 'n', 'r':
				continue
			default:
				return n, base64.CorruptInputError(0)
			}
		}
		p[n] = c
		n++
	}
	return n, nil
}

// base64Reader remembers that the inhoud was not valid base64, so that the
// answer can say so rather than report an incomplete upload.
type base64Reader struct {
	r       io.Reader
	corrupt bool
}

func (b *base64Reader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var ce base64.CorruptInputError
	if errors.As(err, &ce) {
		b.corrupt = true
	}
	return n, err
}

// contentErr turns the domain's error about a content stream that failed
// into the base64 error it was.
func contentErr(content io.Reader, err error) error {
	if b, ok := content.(*base64Reader); ok && b.corrupt && err != nil {
		return errs.InvalidField("inhoud", "invalid", "De inhoud moet base64-gecodeerd zijn.")
	}
	return err
}

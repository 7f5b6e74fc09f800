package email

import "strings"

// Unflow rejoins text/plain; format=flowed (RFC 3676) into the paragraphs its writer typed.
// A flowed mail wraps long lines at about 72 characters and marks each soft break with a space
// at the end of the line; read as fixed text, every paragraph would show broken into short
// lines. The rules applied:
//
//   - a line's quote depth is the number of '>' it starts with; they are taken off and put back
//     as "> " per level on the rejoined line, so quoted text still reads (and folds) as quoted;
//   - one space after the quote marks (or at the start of an unquoted line) is space-stuffing,
//     added by the sender so that a line starting with a space, '>' or "From " survives: it is
//     removed;
//   - a line ending in a space is flowed: the next line continues it, when it has the same quote
//     depth (a flowed line followed by another depth, or by the end, is fixed); with DelSp=yes
//     the trailing space was added by the sender and is deleted, else it is a space between
//     words and stays;
//   - the signature separator "-- " is never flowed.
func Unflow(text string, delSp bool) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out strings.Builder
	out.Grow(len(text))
	var para strings.Builder // the logical line being rejoined
	depth, open := 0, false  // its quote depth, and whether a flowed line awaits its continuation
	flush := func() {
		if depth > 0 {
			out.WriteString(strings.Repeat(">", depth))
			if para.Len() > 0 {
				out.WriteByte(' ')
			}
		}
		out.WriteString(para.String())
		para.Reset()
		open = false
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		d := 0
		for d < len(line) && line[d] == '>' {
			d++
		}
		line = strings.TrimPrefix(line[d:], " ") // space-stuffing
		if open && d != depth {
			// A flowed line followed by one of another depth ends where it is (RFC 3676 §4.5).
			flush()
			out.WriteByte('\n')
		}
		depth = d
		flowed := strings.HasSuffix(line, " ") && line != "-- "
		if flowed && delSp {
			line = line[:len(line)-1]
		}
		para.WriteString(line)
		open = flowed
		if !flowed || i == len(lines)-1 {
			flush()
			if i < len(lines)-1 {
				out.WriteByte('\n')
			}
		}
	}
	return out.String()
}

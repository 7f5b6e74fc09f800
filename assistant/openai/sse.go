package openai

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/switchboardhq/switchboard/assistant"
)

// readEvents reads a server-sent event stream and hands each event's data to fn (the data lines
// of one event joined by "\n"), until fn says stop or the stream ends (io.EOF). It reads what the
// SSE format allows — "data:" with or without a space, CRLF or LF, comments and other fields
// (ignored), several data lines to an event, a last event without its blank line — and refuses a
// line longer than maxLine.
func readEvents(r io.Reader, fn func(data []byte) (stop bool, err error)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var data []byte
	var have bool
	dispatch := func() (bool, error) {
		if !have {
			return false, nil
		}
		d := data
		data, have = data[:0:0], false
		return fn(d)
	}
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			if stop, err := dispatch(); stop || err != nil {
				return err
			}
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		if string(field) != "data" {
			continue // a comment (":…"), event:, id:, retry:
		}
		value = bytes.TrimPrefix(value, []byte(" "))
		if have {
			data = append(data, '\n')
		}
		data, have = append(data, value...), true
	}
	if err := sc.Err(); err != nil {
		var fail *Error
		switch {
		case errors.As(err, &fail):
			return fail
		case errors.Is(err, bufio.ErrTooLong):
			return malformed("a line of the stream is longer than %d bytes", maxLine)
		}
		return &Error{Code: CodeUnreachable, Message: "reading the stream: " + oneLine(err.Error(), 200), Err: err}
	}
	if _, err := dispatch(); err != nil {
		return err
	}
	return io.EOF
}

// chunk is one piece of a streamed chat completion ("chat.completion.chunk").
type chunk struct {
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *assistant.Usage `json:"usage"`
	Error json.RawMessage  `json:"error"`
}

// readStream reads a streamed chat completion, handing each piece of text to onDelta, and
// reports whether any piece was handed on. The stream must end with "data: [DONE]", or at least
// close cleanly after a finish_reason: a stream that stops before is an error, never a short
// answer passed off as whole.
func (c *Client) readStream(body io.Reader, onDelta func(string) error) (res assistant.ChatResult, delivered bool, err error) {
	var text, refusal []byte
	var finished, done, filtered bool
	err = readEvents(&capReader{r: body, n: 4 * c.maxBody()}, func(data []byte) (bool, error) {
		if string(bytes.TrimSpace(data)) == "[DONE]" {
			done = true
			return true, nil
		}
		var ch chunk
		if err := json.Unmarshal(data, &ch); err != nil {
			return false, malformed("a stream chunk is not JSON: %s", oneLine(err.Error(), 200))
		}
		if len(ch.Error) > 0 && string(ch.Error) != "null" {
			return false, apiError(0, append(append([]byte(`{"error":`), ch.Error...), '}'))
		}
		if ch.Usage != nil {
			res.Usage = *ch.Usage
		}
		for _, choice := range ch.Choices {
			if choice.Index != 0 {
				continue
			}
			if choice.FinishReason != nil && *choice.FinishReason != "" {
				finished = true
				filtered = *choice.FinishReason == "content_filter"
			}
			if choice.Delta.Refusal != nil && len(refusal) < 4096 {
				refusal = append(refusal, *choice.Delta.Refusal...)
			}
			if choice.Delta.Content == nil || *choice.Delta.Content == "" {
				continue
			}
			if int64(len(text)+len(*choice.Delta.Content)) > c.maxBody() {
				return false, malformed("the answer is larger than %d bytes", c.maxBody())
			}
			text = append(text, *choice.Delta.Content...)
			delivered = true
			if err := onDelta(*choice.Delta.Content); err != nil {
				return false, err
			}
		}
		return false, nil
	})
	res.Text = string(text)
	if err != nil && !errors.Is(err, io.EOF) {
		return res, delivered, err
	}
	switch {
	case !done && !finished:
		return res, delivered, malformed("the stream ended before data: [DONE]")
	case len(text) == 0 && len(refusal) > 0:
		return res, delivered, &Error{Code: CodeRefused, Message: oneLine(string(refusal), 300)}
	case len(text) == 0 && filtered:
		return res, delivered, &Error{Code: CodeRefused, Message: "the endpoint's content filter withheld the answer"}
	}
	return res, delivered, nil
}

// capReader reads at most n bytes, then fails with a malformed-answer error.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, malformed("the stream is larger than its cap")
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	return k, err
}

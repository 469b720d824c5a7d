package live

import (
	"context"
	"errors"
	"io"
)

// receive reads a server stream to its end, giving each message to each.
// A failed read is classified as a failure of method; an error each
// returns stops the read and is returned as it is.
func receive[M any](ctx context.Context, c *Client, method string, stream interface{ Recv() (M, error) }, each func(M) error) error {
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return c.classify(ctx, method, err)
		}
		if err := each(msg); err != nil {
			return err
		}
	}
}

package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/server/hooks"
)

// newHookCmd answers agent hooks. It always exits 0: a hook that fails
// must allow the action rather than trap the user, so every problem,
// from a bad flag value to a timeout, is explained on stderr instead.
func newHookCmd(g *globals) *cobra.Command {
	var timeout, client string
	var setupProblem string
	cmd := &cobra.Command{
		Use:   "hook EVENT",
		Short: "Answer an agent hook (" + strings.Join(hooks.Events, ", ") + ") from the JSON payload on stdin",
		Long: "Answer a Claude Code or Cursor hook: read the client's JSON payload on stdin and write the answer in its format.\n" +
			"  session-start    Claude Code SessionStart: the schema summary and the rules, as context\n" +
			"  post-edit        Claude Code PostToolUse (Write|Edit|MultiEdit): the file's authz context and findings; blocks on an error the edit introduced\n" +
			"  after-file-edit  Cursor afterFileEdit: records the edited file for the stop hook (post-edit does the same on a Cursor payload)\n" +
			"  stop             Claude Code Stop, Cursor stop: check_coverage on the changed files; blocks (Cursor: a follow-up) on errors\n" +
			"The client is told from the payload; --client claude or --client cursor names it.\n" +
			"Anything unusual (bad input, no schema, a timeout) allows the action and says why on stderr; the exit code is always 0.",
		Args: cobra.ArbitraryArgs,
		// Unknown flags must not fail a hook either.
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var problems []string
			if err := applyEnv(cmd.Flags()); err != nil {
				problems = append(problems, err.Error())
			}
			logger, err := newLogger(g, cmd.ErrOrStderr())
			if err != nil {
				problems = append(problems, err.Error())
				logger = zerolog.New(cmd.ErrOrStderr()).Level(zerolog.WarnLevel)
			}
			setupProblem = strings.Join(problems, "; ")
			cmd.SetContext(logger.WithContext(cmd.Context()))
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			limitMemory(false)
			stderr := cmd.ErrOrStderr()
			if setupProblem != "" {
				fmt.Fprintf(stderr, "ambient-authz hook: %s (going on with the defaults)\n", setupProblem)
			}
			if len(args) != 1 {
				fmt.Fprintf(stderr, "ambient-authz hook: allowed: expected one event (%s), got %d arguments\n", strings.Join(hooks.Events, ", "), len(args))
				return nil
			}
			d, err := time.ParseDuration(timeout)
			if err != nil || d <= 0 {
				fmt.Fprintf(stderr, "ambient-authz hook: --timeout %q is not a positive duration such as 10s; using %v\n", timeout, hooks.DefaultTimeout)
				d = hooks.DefaultTimeout
			}
			// AMBIENT_AUTHZ_CLIENT is init's twin too, where "all" is the
			// default; here it means: tell the client from the payload.
			switch client {
			case "", "claude", "cursor":
			case "all":
				client = ""
			default:
				fmt.Fprintf(stderr, "ambient-authz hook: --client %q: use claude or cursor; telling the client from the payload\n", client)
				client = ""
			}
			// Without --root, the hook takes the client's project directory.
			root := ""
			if _, env := os.LookupEnv(envName("root")); env || cmd.Flags().Changed("root") {
				root = g.root
			}
			hooks.Run(cmd.Context(), hooks.Options{Root: root, Schemas: g.schemas, Timeout: d, Client: client}, args[0], cmd.InOrStdin(), cmd.OutOrStdout(), stderr)
			return nil
		},
	}
	// A string, not a duration flag: a bad value must not fail the hook
	// before it runs.
	cmd.Flags().StringVar(&timeout, "timeout", hooks.DefaultTimeout.String(), "allow the action when answering takes longer than this (e.g. 10s)")
	cmd.Flags().StringVar(&client, "client", "", "the client calling the hook: claude or cursor (default: told from the payload)")
	return cmd
}

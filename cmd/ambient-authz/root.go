package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// envPrefix prefixes every flag's environment twin: --log-level is
// AMBIENT_AUTHZ_LOG_LEVEL.
const envPrefix = "AMBIENT_AUTHZ_"

// globals are the flags every command shares.
type globals struct {
	root      string
	schemas   []string
	logLevel  string
	logFormat string
	logFile   string
}

// exitCode lets a command fail with a specific code and no extra log line
// (its output already said why).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run executes the CLI and returns the process exit code.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	var code exitCode
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	}
	// Errors are for the person (or agent) at the terminal, not the log.
	fmt.Fprintln(os.Stderr, "error:", err)
	return 1
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	cmd := &cobra.Command{
		Use:           "ambient-authz",
		Short:         "Give coding agents the project's SpiceDB permission model, and check that handlers enforce it",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			limitMemory(cmd.Name() == "serve")
			if err := applyEnv(cmd.Flags()); err != nil {
				return err
			}
			logger, err := newLogger(g, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			cmd.SetContext(logger.WithContext(cmd.Context()))
			return nil
		},
	}
	f := cmd.PersistentFlags()
	f.StringVar(&g.root, "root", ".", "project root; every file argument is confined to it")
	f.StringSliceVar(&g.schemas, "schema", nil, "schema file(s): .zed files or a zed validation YAML, relative to the root (default: discovered)")
	f.StringVar(&g.logLevel, "log-level", "info", "log level: trace, debug, info, warn, error")
	f.StringVar(&g.logFormat, "log-format", "auto", "log format: auto (console on a terminal, else json), console, json")
	f.StringVar(&g.logFile, "log-file", "", "write logs to this file instead of stderr")
	cmd.AddCommand(newServeCmd(g), newSchemaCmd(g), newCoverageCmd(g), newTestCmd(g), newInitCmd(g), newHookCmd(g), newVersionCmd())
	return cmd
}

// applyEnv gives every flag not set on the command line its environment
// twin's value, if set.
func applyEnv(flags *pflag.FlagSet) error {
	var err error
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil || f.Name == "help" {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if serr := f.Value.Set(v); serr != nil {
				err = fmt.Errorf("%s=%q: %w", envName(f.Name), v, serr)
			}
		}
	})
	return err
}

func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// newLogger writes to stderr (or --log-file), never stdout: in stdio mode
// stdout carries only JSON-RPC.
func newLogger(g *globals, stderr io.Writer) (zerolog.Logger, error) {
	level, err := zerolog.ParseLevel(g.logLevel)
	if err != nil {
		return zerolog.Nop(), fmt.Errorf("--log-level %q: use trace, debug, info, warn or error", g.logLevel)
	}
	out := stderr
	if g.logFile != "" {
		f, err := os.OpenFile(g.logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return zerolog.Nop(), fmt.Errorf("--log-file: %w", err)
		}
		out = f
	}
	switch g.logFormat {
	case "json":
	case "console":
		out = zerolog.ConsoleWriter{Out: out, NoColor: !isTerminal(out)}
	case "auto":
		if isTerminal(out) {
			out = zerolog.ConsoleWriter{Out: out}
		}
	default:
		return zerolog.Nop(), fmt.Errorf("--log-format %q: use auto, console or json", g.logFormat)
	}
	return zerolog.New(out).Level(level).With().Timestamp().Logger(), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// store opens the project's schema store from the global flags.
func (g *globals) store() (*schemas.Store, error) {
	root, err := schemas.NewRoot(g.root)
	if err != nil {
		return nil, err
	}
	return schemas.NewStore(root, g.schemas), nil
}

package main

import (
	"fmt"
	"os"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/server"
)

func newServeCmd(g *globals) *cobra.Command {
	var printInstructions bool
	var spicedb spicedbFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the MCP server over stdio",
		Long: "Run the MCP server over stdio. stdout carries only JSON-RPC; logs go to stderr or --log-file.\n" +
			"The server starts even without a schema; its tools then say how to point it at one.\n" +
			"With --spicedb-endpoint it also reads a running SpiceDB (never writes); the token comes from\n" +
			"SPICEDB_TOKEN (or AMBIENT_AUTHZ_SPICEDB_TOKEN) or --spicedb-token-file.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := spicedb.client()
			if err != nil {
				return err
			}
			if printInstructions {
				_, err := fmt.Fprint(cmd.OutOrStdout(), server.InstructionsFor(client != nil))
				return err
			}
			store, err := g.store()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			log := zerolog.Ctx(ctx)
			if m, err := store.Model(ctx); err != nil {
				log.Warn().Msg("schema not loaded yet: " + err.Error())
			} else {
				log.Info().Str("schema", m.Source).Int("definitions", len(m.Definitions)).Msg("schema loaded")
			}
			if client != nil {
				defer client.Close()
				log.Info().Str("spicedb", client.Endpoint()).Bool("tls", !spicedb.insecure).Dur("timeout", spicedb.timeout).
					Bool("token", client.HasToken()).Msg("live SpiceDB tools on (read-only); connecting on first use")
			}
			log.Info().Str("root", store.Root().Dir).Str("version", version()).Msg("serving MCP over stdio")
			return server.ServeStdio(ctx, server.New(server.Options{Store: store, Version: version(), SpiceDB: client}), os.Stdin, os.Stdout)
		},
	}
	cmd.Flags().BoolVar(&printInstructions, "print-instructions", false, "print the server instructions (markdown) and exit")
	spicedb.register(cmd.Flags())
	return cmd
}

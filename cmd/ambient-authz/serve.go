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
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the MCP server over stdio",
		Long: "Run the MCP server over stdio. stdout carries only JSON-RPC; logs go to stderr or --log-file.\n" +
			"The server starts even without a schema; its tools then say how to point it at one.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if printInstructions {
				_, err := fmt.Fprint(cmd.OutOrStdout(), server.Instructions)
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
			log.Info().Str("root", store.Root().Dir).Str("version", version()).Msg("serving MCP over stdio")
			return server.ServeStdio(ctx, server.New(server.Options{Store: store, Version: version()}), os.Stdin, os.Stdout)
		},
	}
	cmd.Flags().BoolVar(&printInstructions, "print-instructions", false, "print the server instructions (markdown) and exit")
	return cmd
}

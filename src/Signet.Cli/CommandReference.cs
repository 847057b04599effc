using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Signet.Cli;

/// <summary>Renders the command tree as Markdown (docs/cli.md), so the reference cannot drift from the code.</summary>
internal static class CommandReference
{
    public static string Render(Command root)
    {
        var text = new StringBuilder();
        text.Append("# signet command reference\n\n");
        text.Append("<!-- Generated from the command tree by CommandReference; a unit test fails when this file is stale. -->\n\n");
        text.Append("Exit codes: `0` success (verified, all admitted), `1` not verified or denied, `2` usage or I/O error.\n");
        text.Append("Global options: `--output text|json` (schema: [cli-output.schema.json](cli-output.schema.json)), `--verbose`.\n");
        text.Append("Environment: `SIGNET_HOME` (default `~/.signet`), `SIGNET_PASSPHRASE`, `NO_COLOR`, `DOCKER_CONFIG`; ");
        text.Append("for `pkcs11:` keys `SIGNET_PKCS11_MODULE` (module when the URI has no `module-path`), `SIGNET_PKCS11_TOKEN` (default token, listed by `key list`), `SIGNET_PKCS11_PIN`.\n");
        text.Append("Several images: `sign` and `verify` take several references; each image gets its own answer (a failure does not stop the others), ");
        text.Append("`--output json` then prints one `signBatch`/`verifyBatch` document, and a progress bar is drawn on standard error only when it is a terminal. ");
        text.Append("With several images, `verify` exits `2` if any image could not be checked, else `1` if any is not verified.\n");
        text.Append("Shell completion: `source <(signet completion bash)`, `source <(signet completion zsh)`, `signet completion fish | source`, ");
        text.Append("or `signet completion pwsh | Out-String | Invoke-Expression`; commands, options, allowed values, key names and key versions complete.\n");
        Render(text, root, "signet");
        return text.ToString();
    }

    private static void Render(StringBuilder text, Command command, string path)
    {
        if (path != "signet")
        {
            text.Append('\n').Append("## ").Append(path).Append("\n\n").Append(command.Description).Append('\n');
            var arguments = string.Concat(command.Arguments.Select(a => a.Arity.MaximumNumberOfValues > 1 ? $" <{a.Name}>..." : $" <{a.Name}>"));
            text.Append("\n```\n").Append(path).Append(arguments);
            if (command.Subcommands.Count > 0)
            {
                text.Append(" <command>");
            }

            text.Append(" [options]\n```\n");
            foreach (var argument in command.Arguments)
            {
                text.Append("\n- `<").Append(argument.Name).Append(">`: ").Append(argument.Description);
            }

            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption && !o.Recursive))
            {
                text.Append("\n- `").Append(string.Join("`, `", new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)))).Append('`');
                if (option.Required)
                {
                    text.Append(" (required)");
                }

                text.Append(": ").Append(option.Description);
            }

            if (command.Arguments.Count + command.Options.Count(o => o is not HelpOption and not VersionOption && !o.Recursive) > 0)
            {
                text.Append('\n');
            }
        }

        // Hidden commands (the completion scripts' __complete) are plumbing, not part of the documented surface.
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            Render(text, sub, path + " " + sub.Name);
        }
    }
}

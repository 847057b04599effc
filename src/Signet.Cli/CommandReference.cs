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
        text.Append("Environment: `SIGNET_HOME` (default `~/.signet`), `SIGNET_PASSPHRASE`, `NO_COLOR`, `DOCKER_CONFIG`.\n");
        Render(text, root, "signet");
        return text.ToString();
    }

    private static void Render(StringBuilder text, Command command, string path)
    {
        if (path != "signet")
        {
            text.Append('\n').Append("## ").Append(path).Append("\n\n").Append(command.Description).Append('\n');
            var arguments = string.Concat(command.Arguments.Select(a => $" <{a.Name}>"));
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

        foreach (var sub in command.Subcommands)
        {
            Render(text, sub, path + " " + sub.Name);
        }
    }
}

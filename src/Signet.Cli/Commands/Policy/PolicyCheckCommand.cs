using System.CommandLine;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Policy.Loading;
using Spectre.Console;

namespace Signet.Cli.Commands.Policy;

/// <summary>
/// <c>signet policy check --policy &lt;file&gt; [--namespace] [--user] &lt;file|-&gt;</c>: evaluates manifests or an
/// AdmissionReview as the webhook would (same image extraction, same evaluator, same denial text).
/// Exit 0 when everything is admitted, 1 when something is denied.
/// </summary>
internal static class PolicyCheckCommand
{
    private static readonly Argument<string> s_input = new("file")
    {
        Description = "Kubernetes manifests (YAML, multi-document) or an AdmissionReview JSON; '-' reads standard input.",
    };

    private static readonly Option<string> s_policy = new("--policy", "-p")
    {
        Description = "The policy file.",
        Required = true,
        HelpName = "file",
    };

    private static readonly Option<string> s_namespace = new("--namespace", "-n")
    {
        Description = "Namespace for objects that name none.",
        DefaultValueFactory = _ => "default",
    };

    private static readonly Option<string> s_user = new("--user")
    {
        Description = "Requesting user (break-glass rules consider it).",
    };

    private static readonly Option<string[]> s_group = new("--group")
    {
        Description = "Requesting user's group (repeatable).",
    };

    private static readonly Option<string[]> s_namespaceLabel = CliOptions.NamespaceLabel(
        "A label key=value of namespaces the input does not define, for rules that select namespaces by label (repeatable).");

    /// <summary>Objects evaluated at once; the evaluator's cache makes repeated images cost one verification.</summary>
    internal const int MaxParallelism = 4;

    public static Command Create(CliContext context) => new Command("check", "Evaluate manifests or an AdmissionReview exactly as the webhook would (exit 0 all admitted, 1 something denied).")
    {
        s_input, s_policy, s_namespace, s_user, s_group, s_namespaceLabel,
    }.WithHandler(context, (services, parseResult, cancellationToken) => HandleAsync(context.Out, services, context, parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var input = parseResult.GetRequiredValue(s_input);
        var policy = parseResult.GetRequiredValue(s_policy);
        var text = await InputFiles.ReadAsync(context, input, cancellationToken).ConfigureAwait(false);
        var objects = ManifestReader.Read(text, input == "-" ? "stdin" : input);
        if (objects.Count == 0)
        {
            throw new CliException(CliErrorCode.InvalidInput, $"{input} holds no Kubernetes object.", "Give manifests (kubectl get -o yaml, helm template) or an AdmissionReview.");
        }

        await PolicyFiles.LoadAsync(services.GetRequiredService<PolicyStore>(), policy, cancellationToken).ConfigureAwait(false);
        var evaluator = services.GetRequiredService<IAdmissionEvaluator>();
        var labels = NamespaceLabels(objects, parseResult);
        var items = await BatchRunner.RunAsync(
            context,
            "Checking",
            objects,
            static item => item.Source,
            MaxParallelism,
            (item, token) => EvaluateAsync(evaluator, item, labels, parseResult, token),
            cancellationToken).ConfigureAwait(false);

        // The evaluator answers every user-caused problem with a denial; what still throws is the machine's failure,
        // and the command reports it (exit 2) rather than a verdict it could not reach.
        if (items.FirstOrDefault(i => i.Failure is not null) is { Failure: { } failure })
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var results = items.Select(i => i.Result!).ToList();

        var view = new PolicyCheckView(policy, results.All(r => r.Allowed), results);
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.PolicyCheckView);
        }
        else
        {
            foreach (var result in results)
            {
                var verdict = result.Allowed ? "[green]allowed[/]" : "[red]denied[/]";
                console.MarkupLine($"{Markup.Escape(result.Kind)} {Markup.Escape(result.Namespace)}/{Markup.Escape(result.Name ?? "?")} ({Markup.Escape(result.Source)}): {verdict} [[{Markup.Escape(result.Code)}]]");
                if (!result.Allowed || result.Message.Length > 0)
                {
                    console.MarkupLine($"  {Markup.Escape(result.Message)}");
                }

                foreach (var warning in result.Warnings)
                {
                    console.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(warning)}");
                }
            }

            var denied = results.Count(r => !r.Allowed);
            console.MarkupLine(denied == 0 ? $"All {results.Count} object(s) admitted." : $"{denied} of {results.Count} object(s) denied.");
        }

        return view.Admitted ? ExitCodes.Success : ExitCodes.NotVerified;
    }

    // The webhook's own screening (WorkloadScreening) first, then the same evaluator: the verdicts cannot differ.
    private static async Task<ObjectDecisionView> EvaluateAsync(IAdmissionEvaluator evaluator, ManifestObject item, NamespaceLabelMap labels, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var screening = WorkloadScreening.Screen(item.Operation, item.Object, item.Group, item.Kind);
        var ns = item.Namespace ?? parseResult.GetRequiredValue(s_namespace);
        var name = WorkloadScreening.ObjectName(item.Object);
        var decision = screening.Verdict ?? await evaluator.EvaluateAsync(
            new AdmissionRequestInfo
            {
                Uid = Guid.NewGuid().ToString(),
                Kind = screening.Kind,
                Namespace = ns,
                Name = name,
                Operation = item.Operation,
                UserName = item.UserName ?? parseResult.GetValue(s_user),
                UserGroups = item.UserGroups.Count > 0 ? item.UserGroups : parseResult.GetValue(s_group) ?? [],
                Annotations = screening.Workload!.Annotations,
                DryRun = true,
                Images = screening.Workload.Images,
                NamespaceLabels = labels.For(ns),
            },
            cancellationToken).ConfigureAwait(false);
        return new ObjectDecisionView(
            item.Source,
            screening.Kind,
            ns,
            name,
            decision.Allowed,
            decision.Code,
            decision.Message,
            decision.Warnings,
            decision.Images.Select(i => new ImageDecisionView(i.Container.Image, i.Container.ContainerName, i.Allowed, i.Code, i.Message)).ToArray());
    }

    // Namespace labels as the webhook would read them from the API server: from the Namespace objects in the input,
    // else from --namespace-label (for every other namespace), else none.
    private static NamespaceLabelMap NamespaceLabels(IReadOnlyList<ManifestObject> objects, ParseResult parseResult)
    {
        var defined = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in objects.Where(o => (o.Kind ?? KindOf(o.Object)) == "Namespace"))
        {
            if (WorkloadScreening.ObjectName(item.Object) is { } name)
            {
                defined[name] = LabelsOf(item.Object);
            }
        }

        var given = parseResult.NamespaceLabels(s_namespaceLabel);
        return new NamespaceLabelMap(defined, given);
    }

    private static string? KindOf(System.Text.Json.JsonElement item) =>
        item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("kind", out var kind) && kind.ValueKind == System.Text.Json.JsonValueKind.String ? kind.GetString() : null;

    private static Dictionary<string, string> LabelsOf(System.Text.Json.JsonElement item)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == System.Text.Json.JsonValueKind.Object
            && metadata.TryGetProperty("labels", out var found) && found.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var label in found.EnumerateObject().Where(l => l.Value.ValueKind == System.Text.Json.JsonValueKind.String))
            {
                labels[label.Name] = label.Value.GetString()!;
            }
        }

        return labels;
    }

    private sealed record NamespaceLabelMap(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Defined, IReadOnlyDictionary<string, string> Given)
    {
        public IReadOnlyDictionary<string, string> For(string @namespace) => Defined.TryGetValue(@namespace, out var labels) ? labels : Given;
    }
}

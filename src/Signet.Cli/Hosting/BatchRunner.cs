using Spectre.Console;

namespace Signet.Cli.Hosting;

/// <summary>One input of a batch and how it ended: a result, or the failure that stopped that input alone.</summary>
/// <typeparam name="T">The result type.</typeparam>
/// <param name="Input">The input as named in output (an image reference, a manifest object's source).</param>
/// <param name="Result">The result, when the work completed.</param>
/// <param name="Failure">The failure, when it did not.</param>
internal sealed record BatchItem<T>(string Input, T? Result, Exception? Failure)
    where T : class
{
    /// <summary>The results of the inputs that completed, in input order.</summary>
    public static T[] Results(IEnumerable<BatchItem<T>> items) => items.Where(i => i.Result is not null).Select(i => i.Result!).ToArray();
}

/// <summary>
/// Runs the same work over several inputs (images to sign or verify, objects to check) with bounded parallelism and a
/// live progress display on standard error when a person is watching. One input's failure does not stop the others;
/// results come back in input order so output is stable whatever the completion order.
/// </summary>
internal static class BatchRunner
{
    /// <summary>
    /// Runs <paramref name="work"/> over <paramref name="inputs"/>. A lone input runs without a progress display and
    /// its failure propagates as it would without batching; with several, each failure is captured in its item.
    /// Cancellation always propagates.
    /// </summary>
    public static Task<IReadOnlyList<BatchItem<T>>> RunAsync<T>(
        CliContext context,
        string activity,
        IReadOnlyList<string> inputs,
        int maxParallelism,
        Func<string, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
        where T : class =>
        RunAsync(context, activity, inputs, static input => input, maxParallelism, work, cancellationToken);

    /// <summary>As above, for inputs that are not strings; <paramref name="name"/> names each one in output.</summary>
    public static async Task<IReadOnlyList<BatchItem<T>>> RunAsync<TInput, T>(
        CliContext context,
        string activity,
        IReadOnlyList<TInput> inputs,
        Func<TInput, string> name,
        int maxParallelism,
        Func<TInput, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        if (inputs.Count == 1)
        {
            return [new BatchItem<T>(name(inputs[0]), await work(inputs[0], cancellationToken).ConfigureAwait(false), null)];
        }

        var items = new BatchItem<T>[inputs.Count];
        if (!context.ShowsProgress || inputs.Count == 0)
        {
            await RunAllAsync(inputs, name, items, maxParallelism, work, onCompleted: null, cancellationToken).ConfigureAwait(false);
            return items;
        }

        // AutoClear: once everything is done the bar disappears and only the results remain on the terminal.
        await context.Error.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Describe(activity, 0, inputs.Count), maxValue: inputs.Count);
                var gate = new Lock();
                await RunAllAsync(
                    inputs,
                    name,
                    items,
                    maxParallelism,
                    work,
                    () =>
                    {
                        // One completion at a time, so the count shown only ever grows and ends at the total.
                        lock (gate)
                        {
                            task.Increment(1);
                            task.Description = Describe(activity, (int)task.Value, inputs.Count);

                            // Drawn now rather than at the next 100 ms tick: a fast batch would otherwise end unseen.
                            progress.Refresh();
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return items;
    }

    private static string Describe(string activity, int done, int total) => Markup.Escape($"{activity} {done}/{total}");

    private static Task RunAllAsync<TInput, T>(
        IReadOnlyList<TInput> inputs,
        Func<TInput, string> name,
        BatchItem<T>[] items,
        int maxParallelism,
        Func<TInput, CancellationToken, Task<T>> work,
        Action? onCompleted,
        CancellationToken cancellationToken)
        where T : class =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, inputs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                try
                {
                    items[index] = new BatchItem<T>(name(inputs[index]), await work(inputs[index], token).ConfigureAwait(false), null);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && token.IsCancellationRequested))
                {
                    // Captured, not thrown: the other inputs still get their answer, and the command reports each failure.
                    items[index] = new BatchItem<T>(name(inputs[index]), null, e);
                }

                onCompleted?.Invoke();
            });
}

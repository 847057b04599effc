using Signet.Cli;
using Signet.Cli.Hosting;

// Composition only: the command tree lives in SignetCommandLine, behaviour in the libraries.
var context = ProcessContext.Create();
return await SignetCommandLine.InvokeAsync(context, args).ConfigureAwait(false);

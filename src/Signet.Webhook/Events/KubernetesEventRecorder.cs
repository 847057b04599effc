using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace Signet.Webhook.Events;

/// <summary>
/// Posts core/v1 Events through the in-cluster API (the pod's service account needs <c>create</c> on <c>events</c>).
/// A bounded queue keeps a slow or unreachable API server from ever delaying an admission answer.
/// </summary>
internal sealed partial class KubernetesEventRecorder : BackgroundService, IAdmissionEventRecorder
{
    private readonly Channel<AdmissionEvent> _queue = Channel.CreateBounded<AdmissionEvent>(new BoundedChannelOptions(1024)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly IKubernetes _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KubernetesEventRecorder> _logger;

    public KubernetesEventRecorder(IKubernetes client, TimeProvider timeProvider, ILogger<KubernetesEventRecorder> logger)
    {
        _client = client;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void Record(AdmissionEvent admissionEvent)
    {
        if (!_queue.Writer.TryWrite(admissionEvent))
        {
            Log.Dropped(_logger, admissionEvent.Reason, admissionEvent.Kind, admissionEvent.Name);
        }
    }

    /// <summary>The core/v1 Event for <paramref name="admissionEvent"/>, named after the object like kubectl's events.</summary>
    internal static Corev1Event ToEvent(AdmissionEvent admissionEvent, DateTime now)
    {
        var ns = string.IsNullOrEmpty(admissionEvent.Namespace) ? "default" : admissionEvent.Namespace;
        var baseName = string.IsNullOrEmpty(admissionEvent.Name) ? admissionEvent.Kind.ToLowerInvariant() : admissionEvent.Name.TrimEnd('-', '.');
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = baseName + ".", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = admissionEvent.ApiVersion,
                Kind = admissionEvent.Kind,
                Name = admissionEvent.Name,
                NamespaceProperty = ns,
            },
            Reason = admissionEvent.Reason,
            Type = admissionEvent.Type,
            Message = admissionEvent.Message.Length <= 1024 ? admissionEvent.Message : admissionEvent.Message[..1021] + "...",
            Source = new V1EventSource { Component = "signet-webhook" },
            ReportingComponent = "signet.dev/webhook",
            ReportingInstance = Environment.MachineName,
            Action = "Admission",
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var coreEvent = ToEvent(item, _timeProvider.GetUtcNow().UtcDateTime);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await _client.CoreV1.CreateNamespacedEventAsync(coreEvent, coreEvent.Metadata.NamespaceProperty, cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Events are best effort: the audit log line was already written for this decision.
                Log.PostFailed(_logger, item.Reason, item.Kind, item.Name, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 60, Level = LogLevel.Warning, Message = "Kubernetes event {Reason} for {Kind} {Name} dropped: the event queue is full")]
        public static partial void Dropped(ILogger logger, string reason, string kind, string name);

        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 61, Level = LogLevel.Warning, Message = "Kubernetes event {Reason} for {Kind} {Name} could not be posted: {Error}")]
        public static partial void PostFailed(ILogger logger, string reason, string kind, string name, string error);
    }
}

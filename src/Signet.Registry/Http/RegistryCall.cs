namespace Signet.Registry.Http;

/// <summary>
/// One client call (resolve, fetch, push…): its deadline, the token every request of the call uses, and what the
/// call last did, so that a failure can say which request failed and with which credentials.
/// </summary>
internal sealed class RegistryCall : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _callerToken;

    public RegistryCall(string registry, string repository, string operation, TimeSpan deadline, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Registry = registry;
        Repository = repository;
        Operation = operation;
        DeadlineBudget = deadline;
        Deadline = timeProvider.GetUtcNow() + deadline;
        _callerToken = cancellationToken;
        _deadline = new CancellationTokenSource(deadline, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
    }

    /// <summary>The registry as named in references (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>The repository path.</summary>
    public string Repository { get; }

    /// <summary>What the call does, for messages (<c>resolve 'v1'</c>).</summary>
    public string Operation { get; }

    /// <summary>The deadline as a duration, for messages.</summary>
    public TimeSpan DeadlineBudget { get; }

    /// <summary>The instant the call must be over.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>Cancelled by the caller or at the deadline.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True when the deadline, not the caller, ended the call.</summary>
    public bool DeadlineExpired => _deadline.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>The method of the last request sent.</summary>
    public string? LastMethod { get; set; }

    /// <summary>The URI of the last request sent.</summary>
    public Uri? LastUri { get; set; }

    /// <summary>Where the credentials used came from, once a challenge was answered.</summary>
    public string? CredentialSource { get; set; }

    /// <summary>How many HTTP requests the call sent (token requests included).</summary>
    public int RoundTrips { get; set; }

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}

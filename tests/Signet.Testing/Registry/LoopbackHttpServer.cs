using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signet.Testing.Registry;

/// <summary>One request received by a <see cref="LoopbackHttpServer"/>.</summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 for the misbehaviours a real registry cannot be made to show (wrong bytes for a
/// digest, stalls mid-body, 429 with Retry-After, oversized bodies). One request per connection.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<LoopbackRequest, Stream, CancellationToken, Task> _handler;
    private readonly Task _loop;
    private readonly List<LoopbackRequest> _requests = [];

    /// <summary>Starts the server; <paramref name="handler"/> writes the raw response for each request.</summary>
    public LoopbackHttpServer(Func<LoopbackRequest, Stream, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Requests received so far.</summary>
    public IReadOnlyList<LoopbackRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Writes a complete response with <c>Connection: close</c>.</summary>
    public static async Task WriteAsync(Stream stream, int status, IReadOnlyDictionary<string, string>? headers, byte[]? body, CancellationToken cancellationToken, long? contentLength = null)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(((HttpStatusCode)status).ToString()).Append("\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(contentLength ?? body?.Length ?? 0).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        if (body is not null)
        {
            await stream.WriteAsync(body, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // The accept loop ends with one of these when the listener stops.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(request);
                }

                await _handler(request, stream, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stopped: nothing to answer.
            }
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        // Drain a request body so the client is not reset mid-send.
        if (headers.TryGetValue("Content-Length", out var length) && long.TryParse(length, out var remaining))
        {
            var sink = new byte[8192];
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(sink.AsMemory(0, (int)Math.Min(sink.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                remaining -= read;
            }
        }

        return new LoopbackRequest(first[0], first.Length > 1 ? first[1] : "/", headers);
    }
}

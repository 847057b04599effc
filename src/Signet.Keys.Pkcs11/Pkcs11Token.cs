using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Signet.Keys.Pkcs11;

/// <summary>
/// One token of a loaded module with a pool of read-write sessions. PKCS#11 sessions are not thread-safe, so each
/// operation rents one session for itself; the login state is per token and application, so the first session logs
/// in and the pool keeps at least one session open to hold it.
/// </summary>
internal sealed class Pkcs11Token : IDisposable
{
    private readonly ISlot _slot;
    private readonly Func<string?> _pin;
    private readonly SemaphoreSlim _available;
    private readonly ConcurrentBag<ISession> _idle = [];
    private readonly Lock _loginLock = new();
    private readonly TimeSpan _waitTimeout;
    private bool _loggedIn;

    private readonly string _pinEnvironmentVariable;

    public Pkcs11Token(ISlot slot, string label, string modulePath, Func<string?> pin, string pinEnvironmentVariable, int maxSessions, TimeSpan waitTimeout)
    {
        _pinEnvironmentVariable = pinEnvironmentVariable;
        _slot = slot;
        Label = label;
        ModulePath = modulePath;
        _pin = pin;
        _available = new SemaphoreSlim(maxSessions, maxSessions);
        _waitTimeout = waitTimeout;
    }

    public string Label { get; }

    public string ModulePath { get; }

    /// <summary>Serialises changes to a key's objects and metadata within the process.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Runs <paramref name="work"/> on a logged-in session of this token.</summary>
    public async Task<T> UseAsync<T>(Func<ISession, T> work, CancellationToken cancellationToken)
    {
        if (!await _available.WaitAsync(_waitTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new KeyProviderException(KeyErrorCode.TokenFailure, $"PKCS#11 token '{Label}': no session became free within {_waitTimeout}.") { IsTransient = true };
        }

        ISession? session = null;
        try
        {
            session = _idle.TryTake(out var idle) ? idle : _slot.OpenSession(SessionType.ReadWrite);
            EnsureLoggedIn(session);
            var result = work(session);
            _idle.Add(session);
            session = null;
            return result;
        }
        catch (Pkcs11Exception e) when (IsSessionLost(e.RV))
        {
            // The token went away or was reset: drop the session and the login; the next operation starts afresh.
            session?.Dispose();
            session = null;
            lock (_loginLock)
            {
                _loggedIn = false;
            }

            throw new KeyProviderException(KeyErrorCode.TokenFailure, $"PKCS#11 token '{Label}' lost the session ({e.RV}); retry.", null, e) { IsTransient = true };
        }
        catch (Pkcs11Exception e)
        {
            // Pkcs11Interop's message names the PKCS#11 function and return value, never attribute values.
            throw new KeyProviderException(KeyErrorCode.TokenFailure, $"PKCS#11 token '{Label}' failed: {e.Message}.", null, e);
        }
        finally
        {
            if (session is not null)
            {
                // A failed call ends the PKCS#11 operation; the session itself is still good.
                _idle.Add(session);
            }

            _available.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }

        _available.Dispose();
        WriteLock.Dispose();
    }

    private void EnsureLoggedIn(ISession session)
    {
        lock (_loginLock)
        {
            if (_loggedIn)
            {
                return;
            }

            var pin = _pin();
            if (string.IsNullOrEmpty(pin))
            {
                throw new KeyProviderException(KeyErrorCode.WrongPin, $"PKCS#11 token '{Label}': no user PIN; set {_pinEnvironmentVariable}, the provider's Pin option, or pin-source in the key URI.");
            }

            try
            {
                session.Login(CKU.CKU_USER, pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Another provider in this process logged in to the same token: the login state is shared.
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED)
            {
                throw new KeyProviderException(KeyErrorCode.WrongPin, $"PKCS#11 token '{Label}' rejected the user PIN ({e.RV}).", null, e);
            }

            _loggedIn = true;
        }
    }

    private static bool IsSessionLost(CKR rv) =>
        rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_REMOVED or CKR.CKR_TOKEN_NOT_PRESENT
            or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_DEVICE_ERROR;
}

namespace SpeakerBot.Domain.Instances;

/// <summary>
/// Named secrets generated once and kept in the database (link signing key, Direct Line token key), so a link or a
/// token made by one instance is accepted by every other one and after a restart.
/// </summary>
public interface ISecretStore
{
    /// <summary>The stored value of <paramref name="name"/>, or <paramref name="create"/>'s if none was stored yet; the first writer wins.</summary>
    Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken = default);
}

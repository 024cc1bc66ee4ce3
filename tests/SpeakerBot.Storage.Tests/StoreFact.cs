using Xunit.Abstractions;
using Xunit.Sdk;

namespace SpeakerBot.Storage.Tests;

/// <summary>Marks a test class whose stores run on a real PostgreSQL server (<see cref="PostgresTestDatabase"/>).</summary>
public interface IPostgresContract;

/// <summary>
/// A contract test. On a class that is an <see cref="IPostgresContract"/> it is skipped with a visible reason when
/// SPEAKERBOT_TEST_POSTGRES is not set, except under CI=true where it runs (and fails without a server).
/// </summary>
[XunitTestCaseDiscoverer("SpeakerBot.Storage.Tests.StoreFactDiscoverer", "SpeakerBot.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var reason = typeof(IPostgresContract).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) ? PostgresTestDatabase.SkipReason : null;
        return
        [
            reason is null
                ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
                : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason),
        ];
    }
}

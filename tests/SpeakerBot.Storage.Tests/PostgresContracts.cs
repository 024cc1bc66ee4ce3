using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Storage.Tests;

/// <summary>
/// The store contracts on a real PostgreSQL server (SPEAKERBOT_TEST_POSTGRES), each test on a database of its own.
/// "Another instance" is another <see cref="PostgresDatabase"/>: its own pool, its own start-up migration run.
/// </summary>
public sealed class PostgresBookingStoreTests : BookingStoreContract, IPostgresContract
{
    private readonly PostgresTestDatabase _database = new();

    public PostgresBookingStoreTests() => Bookings = OpenAnotherInstance();

    protected override IBookingStore Bookings { get; }

    protected override IBookingStore OpenAnotherInstance() => new PostgresBookingStore(_database.Open(), Time);

    public override void Dispose() => _database.Dispose();
}

public sealed class PostgresStateStoreTests : StateStoreContract, IPostgresContract
{
    private readonly PostgresTestDatabase _database = new();

    public PostgresStateStoreTests() => State = OpenAnotherInstance();

    protected override IStateStore State { get; }

    protected override IStateStore OpenAnotherInstance() => new PostgresStateStore(_database.Open(), Time);

    public override void Dispose() => _database.Dispose();
}

public sealed class PostgresSpeakerStoreTests : SpeakerStoreContract, IPostgresContract
{
    private readonly PostgresTestDatabase _database = new();

    public PostgresSpeakerStoreTests() => Speakers = new PostgresSpeakerStore(_database.Open());

    protected override ISpeakerStore Speakers { get; }

    public override void Dispose() => _database.Dispose();
}

public sealed class PostgresCoordinatorStoreTests : CoordinatorStoreContract, IPostgresContract
{
    private readonly PostgresTestDatabase _database = new();

    public PostgresCoordinatorStoreTests() => Coordinators = new PostgresCoordinatorStore(_database.Open(), Time);

    protected override ICoordinatorStore Coordinators { get; }

    public override void Dispose() => _database.Dispose();
}

public sealed class PostgresPersonalDataStoreTests : PersonalDataStoreContract, IPostgresContract
{
    private readonly PostgresTestDatabase _database = new();

    public PostgresPersonalDataStoreTests()
    {
        var database = _database.Open();
        Bookings = new PostgresBookingStore(database, TimeProvider.System);
        State = new PostgresStateStore(database, TimeProvider.System);
        Audit = new PostgresCoordinatorStore(database, TimeProvider.System);
        Store = new PostgresPersonalDataStore(database);
    }

    protected override IPersonalDataStore Store { get; }

    protected override IBookingStore Bookings { get; }

    protected override IStateStore State { get; }

    protected override ICoordinatorStore Audit { get; }

    public override void Dispose() => _database.Dispose();
}

using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Tests;

/// <summary>The store contracts on a real SQLite file. "Another instance" is another pool on the same file.</summary>
public sealed class SqliteBookingStoreTests : BookingStoreContract
{
    private readonly TempDatabase _temp = new();

    public SqliteBookingStoreTests() => Bookings = OpenAnotherInstance();

    protected override IBookingStore Bookings { get; }

    protected override IBookingStore OpenAnotherInstance() => new SqliteBookingStore(new SqliteDatabase(Path.Combine(_temp.Folder, "bookings.db")), Time);

    public override void Dispose() => _temp.Dispose();
}

/// <summary>One process owns a SQLite file, so the second instance of the state contract is a second store on its database.</summary>
public sealed class SqliteStateStoreTests : StateStoreContract
{
    private readonly TempDatabase _temp = new();
    private readonly SqliteDatabase _database;

    public SqliteStateStoreTests()
    {
        _database = new SqliteDatabase(Path.Combine(_temp.Folder, "state.db"));
        State = OpenAnotherInstance();
    }

    protected override IStateStore State { get; }

    protected override IStateStore OpenAnotherInstance() => new SqliteStateStore(_database, Time);

    public override void Dispose() => _temp.Dispose();
}

public sealed class SqliteSpeakerStoreContractTests : SpeakerStoreContract
{
    private readonly TempDatabase _temp = new();

    public SqliteSpeakerStoreContractTests() => Speakers = new SqliteSpeakerStore(new SqliteDatabase(Path.Combine(_temp.Folder, "speakers.db")));

    protected override ISpeakerStore Speakers { get; }

    public override void Dispose() => _temp.Dispose();
}

public sealed class SqliteCoordinatorStoreTests : CoordinatorStoreContract
{
    private readonly TempDatabase _temp = new();

    public SqliteCoordinatorStoreTests() => Coordinators = new SqliteCoordinatorStore(new SqliteDatabase(Path.Combine(_temp.Folder, "coordinators.db")), Time);

    protected override ICoordinatorStore Coordinators { get; }

    public override void Dispose() => _temp.Dispose();
}

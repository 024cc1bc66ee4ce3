using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage;

namespace SpeakerBot.Cli;

/// <summary>
/// Whoever runs the command line has the database file, so she acts as the national coordination; the audit log
/// records her as "cli:{user}".
/// </summary>
internal static class CliCoordinator
{
    public static Coordinator Current => new()
    {
        Id = 0,
        Email = $"cli:{Environment.UserName}",
        Role = CoordinatorRole.National,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>The directory plus bookings and the coordinator tools, as the host wires them.</summary>
    public static ServiceProvider Services(string database) =>
        CliServices.Build(database, services => services.AddBookingStore().AddBookings().AddCoordinatorTools());
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings;

public static class BookingServiceCollectionExtensions
{
    /// <summary>
    /// Booking rules, service, e-mails and the background sender. Needs an IBookingStore and an ISpeakerStore
    /// (AddBookingStore and the directory store) and an ISpeakerSearch (panel proposals): a host without one of them
    /// fails at start with a message naming it, rather than running with a rule or a feature silently switched off.
    /// </summary>
    public static IServiceCollection AddBookings(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => DataRoot.FromEnvironment());
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.SectionName)
            .PostConfigure<DataRoot>((options, root) =>
            {
                if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
                {
                    options.PickupDirectory = root.Resolve(options.PickupDirectory);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BookingOptions>, BookingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BookingOptions>, BookingNeeds>());
        services.TryAddSingleton(TimeProvider.System);
        // Read once from index/calendar; the gazetteer places a school given by its city (its zone's holidays apply).
        services.TryAddSingleton(sp => SchoolCalendar.Load(RepoData.IndexDirectory, () => sp.GetRequiredService<IGazetteer>()));
        services.TryAddSingleton<SpeakerBot.Conversation.Understanding.ISchoolTerms>(sp => new SchoolTerms(sp.GetRequiredService<SchoolCalendar>()));
        services.TryAddSingleton<BookingRules>();
        services.TryAddSingleton<SpeakerBot.Conversation.Engine.IBookingNotice, BookingNotice>();
        services.TryAddSingleton<BookingLinks>();
        services.TryAddSingleton<BookingMails>();
        services.TryAddSingleton<BookingChanges>();
        services.TryAddSingleton<BookingService>();
        services.TryAddSingleton<SpeakerSpace>();
        services.TryAddSingleton<SoonAvailability>();
        services.TryAddSingleton<SpeakerBot.Conversation.Engine.ISoonAvailability>(sp => sp.GetRequiredService<SoonAvailability>());
        services.TryAddSingleton<IRequesterChat, BookingChat.Nowhere>();
        services.TryAddSingleton<BookingChat>();
        // Replace, not TryAdd: AddSpeakerSearch registers "no fairness data" and usually runs first.
        services.TryAddSingleton<BookingRequestCounts>();
        services.Replace(ServiceDescriptor.Singleton<SpeakerBot.Search.IRecentRequestCounts>(sp => sp.GetRequiredService<BookingRequestCounts>()));
        services.TryAddSingleton<OutboxSender>();
        services.TryAddSingleton<MailDeliveryStatus>();
        services.TryAddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BookingOptions>>();
            return string.IsNullOrWhiteSpace(options.Value.SmtpHost)
                ? new EmlFolderMailTransport(options)
                : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp);
        });
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<BookingOptions>>().Value.RunBackgroundServices
            ? ActivatorUtilities.CreateInstance<BookingBackgroundService>(sp)
            : new IdleService());
        return services;
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Bookings.Dialogs;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Bookings;

public static class BookingConversationServiceCollectionExtensions
{
    /// <summary>
    /// The hooks of the booking flows (dialogs/flows/book_visit.json, book_panel.json, booking_status.json,
    /// cancel_booking.json, move_booking.json, leave_request.json), for a process that runs conversations. Needs AddBookings and
    /// AddConversation; without this call, the dialogs catalog refuses to start with the flow's file:line.
    /// </summary>
    public static IServiceCollection AddBookingConversations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, KnownSpeakerChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, FreeSlotChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, VisitSlotValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, SchoolValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookVisitAction>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, PanelPlanChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookPanelAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotReader, PanelDetailsReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, VenueValidator>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, MyBookingsChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, OwnBookingValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, AccessCodeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookingStatusAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, CancelBookingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, SchoolDayValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, MoveBookingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, MoveShiftValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, MoveSlotValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, MoveSlotChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, MoveKeepsDateValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, ReasonInMessageValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, LeaveRequestAction>());
        return services;
    }
}

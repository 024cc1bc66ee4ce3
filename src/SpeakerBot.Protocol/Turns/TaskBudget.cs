namespace SpeakerBot.Protocol.Turns;

internal static class TaskBudget
{
    /// <summary>
    /// True when <paramref name="task"/> ends within <paramref name="budget"/>. Unlike <c>WhenAny(task, Delay(budget))</c>
    /// the timer goes away as soon as the task ends, instead of every request leaving one behind for the whole budget.
    /// The task's own failure is not rethrown here: whoever owns the task observes it.
    /// </summary>
    public static async Task<bool> CompletesWithinAsync(this Task task, TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(budget, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return task.IsCompleted;
        }
#pragma warning disable CA1031 // Same as WhenAny did: the turn's failure is logged where it happens.
        catch (Exception)
#pragma warning restore CA1031
        {
            return true;
        }
    }
}

using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;

namespace LinfenFlows.Workflows.Platform;

public static class PlatformParties
{
    /// <summary>
    /// The platform's operators (运维) at 市人民政府办公室: told of every workflow step that fails, and while next year's
    /// holiday notice is missing.
    /// </summary>
    public static readonly Assignee Operators = new(Organisations.CityGovernmentOffice, Roles.Operator);
}

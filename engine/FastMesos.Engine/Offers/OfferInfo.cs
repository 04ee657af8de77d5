using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>An outstanding offer as the host sees it: one agent, one framework, one allocation role.</summary>
public readonly record struct OfferInfo(long OfferId, int Framework, int Agent, string Role, Resources Resources);

namespace FastMesos.Apps.Model;

/// <summary>An entry of <c>secrets</c>: where the secrets plugin finds it.</summary>
public sealed record SecretDef(string Source);

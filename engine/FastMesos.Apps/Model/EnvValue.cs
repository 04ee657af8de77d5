namespace FastMesos.Apps.Model;

/// <summary>An <c>env</c> value: a literal string, or <c>{"secret":"name"}</c> naming an entry of <c>secrets</c>.</summary>
public sealed record EnvValue(string? Value, string? Secret)
{
    public static EnvValue Of(string value) => new(value, null);

    public static EnvValue FromSecret(string secret) => new(null, secret);
}

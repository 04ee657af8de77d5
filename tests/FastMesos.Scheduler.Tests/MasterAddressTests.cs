using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Scheduler.Tests;

public sealed class MasterAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5050", "127.0.0.1", 5050)]
    [InlineData("10.0.0.1", "10.0.0.1", 5050)]
    [InlineData("[::1]:6060", "::1", 6060)]
    [InlineData("http://127.0.0.1:7070/", "127.0.0.1", 7070)]
    public void Ip_literals_become_ip_endpoints(string text, string ip, int port)
    {
        var endPoint = Assert.IsType<IPEndPoint>(MasterAddress.Parse(text));
        Assert.Equal(IPAddress.Parse(ip), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Fact]
    public void Host_names_become_dns_endpoints()
    {
        var endPoint = Assert.IsType<DnsEndPoint>(MasterAddress.Parse("master.local:5050"));
        Assert.Equal("master.local", endPoint.Host);
        Assert.Equal(5050, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:notaport")]
    [InlineData("host:70000")]
    [InlineData(":5050")]
    public void Bad_addresses_are_refused(string text)
    {
        Assert.False(MasterAddress.TryParse(text, out _, out string? error));
        Assert.NotNull(error);
    }
}

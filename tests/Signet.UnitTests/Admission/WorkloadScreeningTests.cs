using System.Text.Json;
using Signet.Admission;
using Signet.Core.Errors;

namespace Signet.UnitTests.Admission;

/// <summary>The screening the webhook and <c>signet policy check</c> share before the policy is asked.</summary>
public sealed class WorkloadScreeningTests
{
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement Pod(string image) =>
        Json($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"{{{image}}}"}]}}""");

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    [InlineData(null)]
    public void Screen_OperationStartingNoContainer_AllowedAsNotAWorkload(string? operation)
    {
        var result = WorkloadScreening.Screen(operation, Pod("registry.example/app:1"), "", "Pod");

        Assert.True(result.Verdict!.Allowed);
        Assert.Equal(WorkloadScreening.NotAWorkloadCode, result.Verdict.Code);
    }

    [Fact]
    public void Screen_MissingObject_DeniedAsInvalidRequest()
    {
        var result = WorkloadScreening.Screen("CREATE", default, "", "Pod");

        Assert.False(result.Verdict!.Allowed);
        Assert.Equal(SignetErrorCode.InvalidAdmissionRequest, result.Verdict.Code);
        Assert.Contains("no object", result.Verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_UnknownKind_DeniedByDefaultAndAllowedWithWarningWhenConfigured()
    {
        var widget = Json("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{}}""");

        var denied = WorkloadScreening.Screen("CREATE", widget, "example.com", "Widget");
        var allowed = WorkloadScreening.Screen("CREATE", widget, "example.com", "Widget", denyUnknownKinds: false);

        Assert.False(denied.Verdict!.Allowed);
        Assert.Equal(SignetErrorCode.UnsupportedKind, denied.Verdict.Code);
        Assert.True(allowed.Verdict!.Allowed);
        Assert.Contains("Widget", Assert.Single(allowed.Verdict.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_ServiceObject_AllowedAsNotAWorkload()
    {
        var service = Json("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{}}""");

        var result = WorkloadScreening.Screen("CREATE", service, "", "Service");

        Assert.True(result.Verdict!.Allowed);
        Assert.Equal(WorkloadScreening.NotAWorkloadCode, result.Verdict.Code);
    }

    [Fact]
    public void Screen_ReferenceThatDoesNotParse_DeniedNamingTheContainer()
    {
        var result = WorkloadScreening.Screen("CREATE", Pod("Registry.Example/UPPER:1"), "", "Pod");

        Assert.False(result.Verdict!.Allowed);
        Assert.Equal(SignetErrorCode.InvalidReference, result.Verdict.Code);
        Assert.Contains("container 'app'", result.Verdict.Message, StringComparison.Ordinal);
        Assert.False(Assert.Single(result.Verdict.Images).Allowed);
    }

    [Fact]
    public void Screen_ValidWorkload_LeavesTheDecisionToThePolicy()
    {
        var result = WorkloadScreening.Screen("UPDATE", Pod("registry.example/app:1"), "", "Pod");

        Assert.Null(result.Verdict);
        Assert.Equal("registry.example/app:1", Assert.Single(result.Workload!.Images).Image);
    }

    [Fact]
    public void ObjectName_NameThenGenerateName_ElseNull()
    {
        Assert.Equal("web", WorkloadScreening.ObjectName(Pod("a/b:1")));
        Assert.Equal("web-", WorkloadScreening.ObjectName(Json("""{"metadata":{"generateName":"web-"}}""")));
        Assert.Equal("web", WorkloadScreening.ObjectName(Json("""{"metadata":{"name":"web","generateName":"other-"}}""")));
        Assert.Null(WorkloadScreening.ObjectName(Json("""{"metadata":{"name":7}}""")));
        Assert.Null(WorkloadScreening.ObjectName(default));
    }
}

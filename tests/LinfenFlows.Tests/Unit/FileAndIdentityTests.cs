using System.Text;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Unit;

public class FileAndIdentityTests
{
    private static readonly AttachmentPolicy Policy = new(1024);

    [Fact]
    public void A_pdf_is_recognised_by_its_content()
    {
        var check = AttachmentStore.Check("report", "报告.pdf", Samples.Pdf(), Policy);
        Assert.Equal("application/pdf", check.ContentType);
        Assert.Equal(64, check.Sha256.Length);
    }

    [Theory]
    [InlineData("报告.pdf", "MZ")]   // an executable renamed
    [InlineData("报告.docx", "%PDF-1.4")] // a PDF claiming to be Word
    [InlineData("报告.txt", "plain text")]
    public void A_file_whose_content_is_not_what_its_name_says_is_refused(string name, string content)
    {
        var problem = Assert.Throws<ProblemException>(() =>
            AttachmentStore.Check("report", name, Encoding.ASCII.GetBytes(content + "\n...."), Policy));
        Assert.Equal("report", problem.Errors.Single().Field);
    }

    [Fact]
    public void The_EICAR_test_string_is_refused_as_malware()
    {
        var eicar = Encoding.ASCII.GetBytes("%PDF-1.4\nX5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n");
        var problem = Assert.Throws<ProblemException>(() => AttachmentStore.Check("report", "a.pdf", eicar, Policy));
        Assert.Equal("malware", problem.Errors.Single().Rule);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_413()
    {
        var big = Samples.Pdf(new string('x', 2000));
        Assert.Equal(413, Assert.Throws<ProblemException>(() => AttachmentStore.Check("report", "a.pdf", big, Policy)).Status);
    }

    [Fact]
    public void The_app_service_principal_header_gives_the_object_id_the_name_and_the_app_roles()
    {
        var principal = Principal.Parse(Principal.HeaderFor("5f0c…".Replace("…", "a1"), "王磊", [Roles.Applicant]));
        Assert.Equal("5f0ca1", principal!.Id);
        Assert.Equal("王磊", principal.Name);
        Assert.True(principal.Roles.Contains(Roles.Applicant));
    }

    [Fact]
    public void The_principal_header_is_trusted_only_behind_app_service_authentication_or_with_development_principals()
    {
        Assert.True(PrincipalTrust.From("True", developmentPrincipals: false).Trusted);
        Assert.True(PrincipalTrust.From(null, developmentPrincipals: true).Trusted);
        Assert.False(PrincipalTrust.From(null, developmentPrincipals: false).Trusted);
        Assert.False(PrincipalTrust.From("false", developmentPrincipals: false).Trusted);
        Assert.Contains("401", PrincipalTrust.From(null, false).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("eyJmb28iOiAxfQ==")] // {"foo": 1}
    public void A_missing_or_garbled_principal_is_anonymous(string? header) => Assert.Null(Principal.Parse(header));
}

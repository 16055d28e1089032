using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Tests.EndToEnd;

public class PersonalDataEndToEndTests
{
    private const string IdNumber = "14102319800101123X";
    private const string Mobile = "13812345678";

    [Fact]
    public async Task Neither_the_logs_nor_the_workflow_history_of_a_case_contain_an_unmasked_id_or_mobile_number()
    {
        await using var host = await LocalHostProcess.StartAsync();
        var request = Samples.Request() with
        {
            RequestNumber = $"临应急字〔2026〕{IdNumber}号",
            Summary = $"死者李某（身份证号{IdNumber}），家属联系电话{Mobile}。",
            ResponsiblePersons = [new ResponsibleParty($"李某{IdNumber}", "爆破员", "刑事责任", $"联系电话{Mobile}")],
        };
        var caseId = await host.SubmitCaseAsync(request);
        await host.DecideAsync(await host.ReviewLinkAsync(caseId), Decisions.Return, $"请核实家属电话{Mobile}");
        await host.WaitForCaseAsync(Samples.BureauClerk, caseId, c => c.GetProperty("status").GetString() == CaseStatus.Returned);

        var logs = host.Output;
        Assert.Contains(caseId, logs); // the steps were logged, with the case id
        Assert.Contains("141023********123X", logs); // the request number carried the ID number, masked
        Assert.DoesNotContain(IdNumber, logs);
        Assert.DoesNotContain(Mobile, logs);

        // Nor in the workflow's history and instance tables, nor in its large-message blobs.
        var storage = Azurite.Storage();
        var durable = new List<string>();
        foreach (var table in new[] { $"{host.TaskHub}History", $"{host.TaskHub}Instances" })
            await foreach (var row in storage.Table(table).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == caseId))
                durable.AddRange(row.Select(p => p.Value?.ToString() ?? ""));
        Assert.NotEmpty(durable);
        var largeMessages = storage.Blobs.GetBlobContainerClient($"{host.TaskHub.ToLowerInvariant()}-largemessages");
        if (await largeMessages.ExistsAsync())
            await foreach (var blob in largeMessages.GetBlobsAsync())
                durable.Add((await largeMessages.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        Assert.DoesNotContain(durable, v => v.Contains(IdNumber) || v.Contains(Mobile));
    }
}

/**
 * AutomationEngine: the real AtlasEngine, on the Pulumi Automation API. Each stack is an inline program
 * (stackProgram) in a LocalWorkspace whose project uses a DIY backend — a file path on a PersistentVolume
 * (`file:///var/lib/skycluster/pulumi`) or a bucket URL (`s3://...`, `gs://...`, `azblob://...`) — and the
 * passphrase secrets provider; the passphrase comes from a Secret through the settings. It needs the
 * `pulumi` binary on PATH and the aws, gcp and azure-native plugins (docs/atlas.md says how to install
 * them); it cannot run in this repository's tests, which drive the controller through a recording double.
 * @see https://www.pulumi.com/docs/iac/using-pulumi/automation-api/
 */
import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace, type OutputMap, type Stack } from '@pulumi/pulumi/automation/index.js';
import { stackProgram } from './program.js';
import { ATLAS_PROJECT, type StackDefinition } from './stacks.js';
import type { AtlasEngine, StackContext, StackRunResult } from './engine.js';
import { redact, secretValues } from './engine.js';

/** Settings of AutomationEngine, read once at operator start. */
export interface AutomationEngineSettings {
  /** DIY backend URL: `file://<path>` or a bucket URL. */
  readonly backendUrl: string;
  /** Passphrase of the passphrase secrets provider (from a Secret). */
  readonly passphrase: string;
  /** Where LocalWorkspace keeps its project files. @default a temporary directory per workspace */
  readonly workDir?: string;
  /** PULUMI_HOME (plugins cache). @default ~/.pulumi */
  readonly pulumiHome?: string;
}

/** The Automation API engine. */
export class AutomationEngine implements AtlasEngine {
  constructor(private readonly settings: AutomationEngineSettings) {}

  private async stack(def: StackDefinition | string, ctx: StackContext): Promise<Stack> {
    const name = typeof def === 'string' ? def : def.name;
    const program = async (): Promise<Record<string, unknown>> => {
      if (typeof def === 'string') return {};
      const s = ctx.secrets;
      const outputs = stackProgram({
        application: ctx.application,
        executionEnvironment: ctx.executionEnvironment,
        cluster: def.cluster,
        peers: def.peers.map((p) => {
          const ext = s.externalPeers?.[p.name];
          return ext ? { ...p, external: ext } : p;
        }),
        ...(s.gcpProject ? { gcpProject: s.gcpProject } : {}),
        ...(s.wireguardPrivateKey ? { wireguardPrivateKey: pulumi.secret(s.wireguardPrivateKey) } : {}),
        ...(s.sshPublicKey ? { sshPublicKey: s.sshPublicKey } : {}),
      });
      return { ...outputs };
    };
    return LocalWorkspace.createOrSelectStack(
      { projectName: ATLAS_PROJECT, stackName: name, program },
      {
        ...(this.settings.workDir ? { workDir: this.settings.workDir } : {}),
        ...(this.settings.pulumiHome ? { pulumiHome: this.settings.pulumiHome } : {}),
        secretsProvider: 'passphrase',
        projectSettings: { name: ATLAS_PROJECT, runtime: 'nodejs', backend: { url: this.settings.backendUrl } },
        envVars: { PULUMI_CONFIG_PASSPHRASE: this.settings.passphrase, ...ctx.secrets.env },
      },
    );
  }

  private logger(ctx: StackContext): (line: string) => void {
    const values = [...secretValues(ctx.secrets), this.settings.passphrase];
    return (line) => ctx.log(redact(line.trimEnd(), values));
  }

  private result(name: string, outputs: OutputMap, resourceCount: number | undefined, ok: boolean, error?: unknown): StackRunResult {
    const plain: Record<string, string> = {};
    const secret: string[] = [];
    for (const [k, v] of Object.entries(outputs)) {
      if (v.secret) secret.push(k);
      else if (typeof v.value === 'string') plain[k] = v.value;
      else plain[k] = JSON.stringify(v.value);
    }
    return {
      stack: name,
      ok,
      ...(resourceCount !== undefined ? { resourceCount } : {}),
      outputs: plain,
      secretOutputs: secret.sort(),
      ...(error !== undefined ? { error: (error as Error).message } : {}),
    };
  }

  /** `pulumi up` of one stack; failures are results, not exceptions. */
  async up(def: StackDefinition, ctx: StackContext): Promise<StackRunResult> {
    const log = this.logger(ctx);
    try {
      const stack = await this.stack(def, ctx);
      const r = await stack.up({ onOutput: log });
      const count = Object.values(r.summary.resourceChanges ?? {}).reduce((a, b) => a + (b ?? 0), 0);
      return this.result(def.name, r.outputs, count, true);
    } catch (err) {
      return this.result(
        def.name,
        {},
        undefined,
        false,
        new Error(redact((err as Error).message, [...secretValues(ctx.secrets), this.settings.passphrase])),
      );
    }
  }

  /** `pulumi refresh`: reconciles the state with the cloud after a crash. */
  async refresh(def: StackDefinition, ctx: StackContext): Promise<StackRunResult> {
    const log = this.logger(ctx);
    try {
      const stack = await this.stack(def, ctx);
      await stack.refresh({ onOutput: log });
      return this.result(def.name, await stack.outputs(), undefined, true);
    } catch (err) {
      return this.result(
        def.name,
        {},
        undefined,
        false,
        new Error(redact((err as Error).message, [...secretValues(ctx.secrets), this.settings.passphrase])),
      );
    }
  }

  /** `pulumi cancel`: releases the lock of an operation a crashed run left pending. */
  async cancel(name: string, ctx: StackContext): Promise<void> {
    const stack = await this.stack(name, ctx);
    await stack.cancel();
  }

  /** `pulumi destroy` and removal of the stack. */
  async destroy(name: string, ctx: StackContext): Promise<StackRunResult> {
    const log = this.logger(ctx);
    try {
      const stack = await this.stack(name, ctx);
      await stack.destroy({ onOutput: log });
      await stack.workspace.removeStack(name);
      return this.result(name, {}, 0, true);
    } catch (err) {
      return this.result(
        name,
        {},
        undefined,
        false,
        new Error(redact((err as Error).message, [...secretValues(ctx.secrets), this.settings.passphrase])),
      );
    }
  }

  /** A secret output's value, for the controller to store in a Secret. */
  async secretOutput(name: string, output: string, ctx: StackContext): Promise<string | undefined> {
    const stack = await this.stack(name, ctx);
    const v = (await stack.outputs())[output]?.value;
    return typeof v === 'string' ? v : undefined;
  }
}

/**
 * Azure keys that name Aura's CMK application by its Application ID each manage its service principal in
 * their own stack (azuread `use_existing` adopts it). Several stacks of one tenant then hold the same
 * principal: destroying one (with allowDestroy) deletes the principal the others' role assignments name.
 * Pure: the synth warning for such regions, on the first stack.
 */
export interface AuraPrincipalUse {
  readonly stack: string;
  readonly configPath: string;
  readonly tenantId: string;
  readonly applicationId: string;
}

export function sharedAuraPrincipalWarnings(uses: readonly AuraPrincipalUse[]): Array<{ stack: string; message: string }> {
  const byPrincipal = new Map<string, AuraPrincipalUse[]>();
  for (const u of uses) {
    const key = `${u.tenantId.toLowerCase()} ${u.applicationId.toLowerCase()}`;
    byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), u]);
  }
  return [...byPrincipal.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      stack: group[0]!.stack,
      message:
        `${group.map((u) => `${u.configPath}.customerManagedKey.auraApplicationId`).join(", ")} name the same Neo4j CMK Application in tenant ${group[0]!.tenantId}, so each of ${group.map((u) => u.stack).join(", ")} manages its one service principal; ` +
        "destroying one of them with allowDestroy deletes the principal the others' keys are granted to. Keep auraApplicationId in one region and give the others auraServicePrincipalObjectId (that stack's aura_cmk.aura_service_principal_object_id output).",
    }));
}

package io.tessera.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The rule every module states in its architecture test: no cycle between the packages of a module.
 * Each direct sub-package of the root (with its own sub-packages) is one slice, and so is the root
 * package itself, so that a cycle through the root (a root class used by a sub-package that the
 * root uses) counts too; ArchUnit's {@code matching("root.(*)..")} would leave the root out.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /** No cycles between the packages under {@code root} (e.g. {@code io.tessera.server}). */
  public static ArchRule freeOfCycles(String root) {
    return slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals(root)) {
                  return SliceIdentifier.of(root);
                }
                if (!p.startsWith(root + ".")) {
                  return SliceIdentifier.ignore();
                }
                String rest = p.substring(root.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
              }

              @Override
              public String getDescription() {
                return "the packages of " + root;
              }
            })
        .should()
        .beFreeOfCycles();
  }
}

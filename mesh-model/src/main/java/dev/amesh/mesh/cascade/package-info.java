/**
 * MediaPipe's older cascade (spec §8): {@link dev.amesh.mesh.cascade.FaceCascade} runs the plain 468-point
 * mesh, crops both eyes by {@link dev.amesh.mesh.cascade.EyeRois}, runs the iris model on each
 * ({@link dev.amesh.mesh.cascade.IrisLandmarks}) and merges to 478 points
 * ({@link dev.amesh.mesh.cascade.CascadeMerge}). {@link dev.amesh.mesh.cascade.LipsTimingStandIn} only adds
 * the cost of a lips network; {@link dev.amesh.mesh.cascade.RegionErrors} and
 * {@link dev.amesh.mesh.cascade.CascadeTiming} redo the Attention Mesh paper's Tables 2 and 1.
 */
package dev.amesh.mesh.cascade;

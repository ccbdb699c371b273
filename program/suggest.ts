/** "Did you mean …?" for stack files and platform.yaml: the declaration layer's one helper. */
export { nearestName as closest } from "../components/declaration/spelling.js";

import { describeDomain } from "../support/describeDomain.js";

describeDomain("customers");

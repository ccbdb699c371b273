import { describeDomain } from "../support/describeDomain.js";

describeDomain("orders");
